/** @jest-environment node */
import { FieldType, type DataFrame } from '@grafana/data';
import { maskFrameText } from './maskFrameText';

const frame = (): DataFrame => ({
  name: 'GenAI traces',
  length: 2,
  fields: [
    { name: 'traceId', type: FieldType.string, config: {}, values: ['a'.repeat(32), 'b'.repeat(32)] },
    { name: 'rootName', type: FieldType.string, config: {}, values: ['POST /chat for bob@example.com', null] },
    { name: 'conversationId', type: FieldType.string, config: {}, values: ['alice@example.org', 'conv-7'] },
    { name: 'inputTokens', type: FieldType.number, config: {}, values: [12, 34] },
  ],
});

describe('maskFrameText', () => {
  it('masks the named string fields, keeps the rest and the frame it was given', () => {
    const original = frame();
    const [masked] = maskFrameText([original], ['rootName', 'conversationId'], {
      enabled: true,
      customPatterns: [],
      revealRole: 'Admin',
    });
    const values = (name: string) => masked.fields.find((f) => f.name === name)!.values;
    expect(values('rootName')).toEqual(['POST /chat for [email]', null]);
    expect(values('conversationId')).toEqual(['[email]', 'conv-7']);
    expect(values('traceId')).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(values('inputTokens')).toEqual([12, 34]);
    expect(original.fields[1].values[0]).toBe('POST /chat for bob@example.com');
  });

  it('applies custom patterns, and nothing when masking is off', () => {
    const [masked] = maskFrameText([frame()], ['conversationId'], {
      enabled: true,
      customPatterns: [{ name: 'conversation', pattern: 'conv-\\d+' }],
      revealRole: 'Admin',
    });
    expect(masked.fields[2].values).toEqual(['[email]', '[conversation]']);
    const frames = [frame()];
    expect(maskFrameText(frames, ['rootName'], { enabled: false, customPatterns: [], revealRole: 'Admin' })).toBe(
      frames
    );
  });
});
