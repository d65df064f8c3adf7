# This route runs scrypt at OWASP's cost (about 0.6 s of a whole CPU). Architect's default 5 s
# timeout left too little room in the sandbox, where every request is a new process on the
# developer's machine: 20 sign-ins at once timed out there (500) on a busy 2-core machine.
@aws
timeout 15
