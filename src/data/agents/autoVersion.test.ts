/** @jest-environment node */
import fc from 'fast-check';
import { autoVersion, canonicalDefinition, instructionsDisplayText } from './autoVersion';

const TOOLS = [
  {
    type: 'function',
    name: 'lookup_order',
    description: 'Look up an order by id.',
    parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  },
  { type: 'function', name: 'refund', description: 'Refund an order.', parameters: { type: 'object' } },
];
const PROMPT = 'You are a support agent.\nAnswer briefly and cite the order.';

describe('automatic agent versions', () => {
  it('is a short stable hash of the instructions and the tools', () => {
    const v = autoVersion({ systemInstructions: PROMPT, toolDefinitions: JSON.stringify(TOOLS) });
    expect(v).toMatch(/^auto-[0-9a-f]{8}$/);
    // The same definition, as semconv parts and as an array: the same version.
    expect(
      autoVersion({ systemInstructions: JSON.stringify([{ type: 'text', content: PROMPT }]), toolDefinitions: TOOLS })
    ).toBe(v);
    expect(autoVersion({ systemInstructions: [{ type: 'text', content: PROMPT }], toolDefinitions: TOOLS })).toBe(v);
  });

  it('keeps one version when only whitespace, tool order or key order differ', () => {
    const v = autoVersion({ systemInstructions: PROMPT, toolDefinitions: TOOLS });
    const reflowed = '  You are a   support agent.\n\n\tAnswer briefly\nand cite the order.  ';
    const reordered = [
      { parameters: { type: 'object' }, description: 'Refund  an\norder.', name: 'refund', type: 'function' },
      {
        name: 'lookup_order',
        type: 'function',
        parameters: { required: ['id'], properties: { id: { type: 'string' } }, type: 'object' },
        description: 'Look up an order   by id.',
      },
    ];
    expect(autoVersion({ systemInstructions: reflowed, toolDefinitions: JSON.stringify(reordered, null, 2) })).toBe(v);
  });

  it('gives a new version when the prompt or a tool changes', () => {
    const v = autoVersion({ systemInstructions: PROMPT, toolDefinitions: TOOLS });
    expect(autoVersion({ systemInstructions: PROMPT + ' Never promise refunds.', toolDefinitions: TOOLS })).not.toBe(v);
    expect(autoVersion({ systemInstructions: PROMPT, toolDefinitions: TOOLS.slice(0, 1) })).not.toBe(v);
    const changed = [
      { ...TOOLS[0], parameters: { type: 'object', properties: { id: { type: 'integer' } } } },
      TOOLS[1],
    ];
    expect(autoVersion({ systemInstructions: PROMPT, toolDefinitions: changed })).not.toBe(v);
    expect(autoVersion({ systemInstructions: PROMPT })).not.toBe(v);
  });

  it('derives none from spans without instructions or tools, or with unreadable ones', () => {
    expect(autoVersion({})).toBeUndefined();
    expect(autoVersion({ systemInstructions: '   ', toolDefinitions: '[]' })).toBeUndefined();
    expect(autoVersion({ toolDefinitions: '[not json' })).toBeUndefined();
    // Unreadable tools with readable instructions: the instructions alone.
    expect(autoVersion({ systemInstructions: PROMPT, toolDefinitions: '[not json' })).toBe(
      autoVersion({ systemInstructions: PROMPT })
    );
  });

  it('is insensitive to tool order and whitespace on any definition (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    const tool = fc.record({ name: word, description: fc.array(word, { maxLength: 5 }).map((w) => w.join(' ')) });
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.array(tool, { maxLength: 6 }),
        fc.nat(),
        (words, tools, seed) => {
          const prompt = words.join(' ');
          const spaced = words.join(seed % 2 ? '\n\n ' : '\t  ');
          const shuffled = [...tools].sort((a, b) => ((a.name + seed).localeCompare(b.name) < 0 ? 1 : -1));
          expect(
            autoVersion({ systemInstructions: spaced, toolDefinitions: JSON.stringify(shuffled, null, seed % 3) })
          ).toBe(autoVersion({ systemInstructions: prompt, toolDefinitions: tools }));
        }
      ),
      { numRuns: 300 }
    );
  });

  it('shows the instructions as written, and hashes a canonical text', () => {
    expect(
      instructionsDisplayText([
        { type: 'text', content: 'a' },
        { type: 'text', content: 'b' },
      ])
    ).toBe('a\n\nb');
    expect(canonicalDefinition({ systemInstructions: ' x  y ', toolDefinitions: [{ b: 1, a: ' p  q ' }] })).toBe(
      'instructions:x y\ntools:{"a":"p q","b":1}'
    );
  });
});
