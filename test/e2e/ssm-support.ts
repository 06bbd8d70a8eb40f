// Shared bits of the SSM black-box tests (not a test file); error assertions and waits are in ../helpers/assertions.ts.
import { PutParameterCommand, type PutParameterCommandInput, type SSMClient } from "@aws-sdk/client-ssm";

export const put = (ssm: SSMClient, input: PutParameterCommandInput) => ssm.send(new PutParameterCommand(input));
