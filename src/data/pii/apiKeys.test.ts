/** @jest-environment node */
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('API key detector', () => {
  it.each([
    ['OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', 'OPENAI_API_KEY=[api-key]'],
    ['key sk-Ab3dEf6hIj9kLm2nOp5qRs8t.', 'key [api-key].'],
    ['sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1w', '[api-key]'],
    ['aws AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A', 'aws [api-key] and [api-key]'],
    ['Authorization: Bearer abc123def456ghi.', 'Authorization: Bearer [api-key].'],
    ['authorization: bearer\tQWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'authorization: bearer\t[api-key]'],
    [`Bearer ${JWT}`, 'Bearer [api-key]'],
    [`token=${JWT}&x=1`, 'token=[api-key]&x=1'],
    ['ghp_1234567890abcdefghijABCDEFGHIJ123456', '[api-key]'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[api-key]'],
    ['SLACK xoxb-123456789012-abcdefABCDEF', 'SLACK [api-key]'],
    ['google AIzaSyA1234567890abcdefghijklmnopqrstuv', 'google [api-key]'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['a short sk- word', 'the sk-learn docs'],
    ['sk- inside a word', 'task-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
    ['AKIA too short', 'AKIAIOSFODNN7EXAM'],
    ['AKIA too long', 'AKIAIOSFODNN7EXAMPLEXX'],
    ['ASIA in prose', 'ASIA PACIFIC sales'],
    ['bearer in prose', 'the bearer instruments of the bank'],
    ['a placeholder', 'Authorization: Bearer YOUR_API_KEY'],
    ['a template', 'Authorization: Bearer ${TOKEN}'],
    ['a JWT-like word', 'eyJust.kidding'],
    ['a GitHub prefix alone', 'ghp_short'],
    ['Slack prefix alone', 'xoxb-123'],
  ])('leaves %s alone', (_, input) => {
    expect(mask(input)).toBe(input);
  });
});
