import { describe, expect, it } from 'vitest';
import { causeOf, frameList, framesByCause } from './frames-by-cause.js';

describe('framesByCause', () => {
  it("lists a recording's 900 frames that failed for one reason once, with their range and the first frame's words", () => {
    const moved = (f: number): string => `frame ${f}: camera 'ring01' has no image (its sparse matches reproject 0.${30 + (f % 7)} px off)`;
    const items = Array.from({ length: 900 }, (_, i) => ({ frame: 100 + i, text: moved(100 + i) }));
    items.push({ frame: 42, text: "frame 42: camera 'ring02' has no image (cannot read image frame_000042.png)" });
    expect(framesByCause(items)).toBe(
      "42: frame 42: camera 'ring02' has no image (cannot read image frame_000042.png); 100–999: frame 100: camera 'ring01' has no image (its sparse matches reproject 0.32 px off)",
    );
  });

  it('keeps the digits of names: another camera, another file, another cause', () => {
    expect(causeOf("frame 7: camera 'ring01' … 0.37 px, frame_000007.png")).toBe("frame #: camera 'ring01' … # px, frame_000007.png");
    const text = (camera: string): string => `frame 1: camera '${camera}' has no image`;
    expect(
      framesByCause([
        { frame: 1, text: text('ring01') },
        { frame: 2, text: text('ring02') },
      ]),
    ).toBe("1: frame 1: camera 'ring01' has no image; 2: frame 1: camera 'ring02' has no image");
  });

  it('names five causes, then counts the rest; an exact cause when asked', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ frame: i, text: `cause ${'abcdefg'[i]}` }));
    expect(framesByCause(items)).toBe('0: cause a; 1: cause b; 2: cause c; 3: cause d; 4: cause e; and 2 other cause(s)');
    expect(
      framesByCause(
        [
          { frame: 1, text: 'ring01' },
          { frame: 2, text: 'ring01' },
          { frame: 3, text: 'ring02' },
        ],
        (t) => t,
      ),
    ).toBe('1, 2: ring01; 3: ring02');
  });
});

describe('frameList', () => {
  it('writes runs of three or more as ranges and cuts a long list', () => {
    expect(frameList([0, 1, 3, 4, 5, 9])).toBe('0, 1, 3–5, 9');
    expect(frameList(Array.from({ length: 50 }, (_, i) => i * 2))).toBe('0, 2, 4, 6, 8, 10, 12, …, 98 (50 frames)');
  });
});
