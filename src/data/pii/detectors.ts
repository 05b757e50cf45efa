import { detectApiKeys } from './apiKeys';
import { detectCards } from './card';
import { detectEmails } from './email';
import { detectIbans } from './iban';
import { detectIpv4, detectIpv6 } from './ipAddress';
import { detectPhones } from './phone';
import type { Detector } from './piiMatches';

/**
 * The built-in detectors, by the kind of token they mask with. The order breaks ties between
 * spans that start and end at the same place (a bearer JWT is one api-key, not two).
 */
export type BuiltInPiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'api-key';

export const BUILT_IN_DETECTORS: ReadonlyArray<{ kind: BuiltInPiiKind; detect: Detector }> = [
  { kind: 'api-key', detect: detectApiKeys },
  { kind: 'email', detect: detectEmails },
  { kind: 'iban', detect: detectIbans },
  { kind: 'card', detect: detectCards },
  { kind: 'phone', detect: detectPhones },
  { kind: 'ip', detect: detectIpv4 },
  { kind: 'ip', detect: detectIpv6 },
];
