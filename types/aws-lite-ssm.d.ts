// There is no @aws-lite/ssm-types package: these are the SSM client methods that
// src/shared/settings/ssm.ts uses, with AWS's own field names, added to aws-lite's client type.
import type { AwsLiteMethodOptions } from '@aws-lite/client'

type ParameterType = 'String' | 'StringList' | 'SecureString'

interface SSMParameter {
  Name?: string
  Value?: string
  Type?: ParameterType
  Version?: number
}

interface AwsLiteSSM {
  GetParametersByPath: (input: AwsLiteMethodOptions & {
    Path: string
    Recursive?: boolean
    WithDecryption?: boolean
    MaxResults?: number
    NextToken?: string
    paginate?: boolean
  }) => Promise<{ Parameters?: SSMParameter[], NextToken?: string }>
  PutParameter: (input: AwsLiteMethodOptions & {
    Name: string
    Value: string
    Type?: ParameterType
    Overwrite?: boolean
    KeyId?: string
  }) => Promise<{ Version?: number, Tier?: string }>
}

declare module '@aws-lite/client' {
  interface AwsLiteClient {
    SSM: AwsLiteSSM
  }
}
