/** Causes listed in a summary line before the rest are counted. */
const MAX_CAUSES = 5;
/** Frame numbers (or ranges) listed for one cause before the rest are counted. */
const MAX_LISTED = 8;

/**
 * A message with its figures left out (`frame 12`, `0.37 px`), the digits of names kept (`ring01`, `frame_000012.png`):
 * two frames that failed for the same reason give the same cause.
 */
export const causeOf = (text: string): string => text.replace(/(?<![\w'])\d+(?:\.\d+)?/g, '#');

/**
 * The frames of a summary line grouped by cause (`sameCause`: {@link causeOf}, numbers aside: a recording whose camera
 * moved at frame 100 fails every later frame for the same reason), with its frames as ranges, and the first frame's
 * words: `"100–999: frame 100: camera 'ring01' has no image (…)"`. Up to five causes, then how many more. One line,
 * however long the recording.
 * @example
 * framesByCause([{ frame: 3, text: 'frame 3: boom' }, { frame: 4, text: 'frame 4: boom' }]); // '3, 4: frame 3: boom'
 */
export function framesByCause(
  items: readonly { readonly frame: number; readonly text: string }[],
  sameCause: (text: string) => string = causeOf,
): string {
  const groups = new Map<string, { text: string; frames: number[] }>();
  for (const item of [...items].sort((a, b) => a.frame - b.frame)) {
    const key = sameCause(item.text);
    const group = groups.get(key) ?? { text: item.text, frames: [] };
    group.frames.push(item.frame);
    groups.set(key, group);
  }
  const listed = [...groups.values()].slice(0, MAX_CAUSES).map((g) => `${frameList(g.frames)}: ${g.text}`);
  const more = groups.size - MAX_CAUSES;
  return more > 0 ? `${listed.join('; ')}; and ${more} other cause(s)` : listed.join('; ');
}

/** Ascending frames as `0, 2, 5–9`; past {@link MAX_LISTED} entries, `…` and the count. */
export function frameList(frames: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j] + 1) j++;
    if (j - i >= 2) runs.push(`${frames[i]}–${frames[j]}`);
    else for (let k = i; k <= j; k++) runs.push(String(frames[k]));
    i = j + 1;
  }
  if (runs.length <= MAX_LISTED) return runs.join(', ');
  return `${runs.slice(0, MAX_LISTED - 1).join(', ')}, …, ${runs.at(-1) as string} (${frames.length} frames)`;
}
