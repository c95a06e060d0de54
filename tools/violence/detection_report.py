#!/usr/bin/python3
"""Detection figures from a ClipAnalyzer trace run with the detector on every frame:
  ClipAnalyzer --fps 10 --violence-model none --detector always --trace CLIPS... > LOG
  (tools/violence/extract.sh DATA LOG --detector always does this over the training and development clips)
For fight and non-fight clips (a clip is non-fight when its name says nofight): the share of analysed frames where at
least one / two people are found by MultiPose alone, with the closer look (zoom), as detector boxes, and as skeletons
after the top-down pose pass on the detector's boxes; and the clips where two or more are found on half the frames.
Usage: detection_report.py LOG"""
import collections
import re
import sys


def main(path):
    clip, rows = None, collections.defaultdict(list)
    for line in open(path):
        if line.startswith('CLIP'):
            clip = line.split()[1]
        elif line.startswith('VIOLENCE'):
            found = int(re.search(r' found=(\d+)', line).group(1))
            zoom = re.search(r' zoom=1 \S+ added=(\d+)', line)
            zoom = int(zoom.group(1)) if zoom else 0
            detected = int(re.search(r' detected=(\d+)', line).group(1))
            topdown = int(re.search(r' topdown_added=(\d+)', line).group(1))
            rows[clip].append((found - topdown - zoom, found - topdown, detected, found))
    for kind in ('fight', 'nofight'):
        clips = {c: v for c, v in rows.items() if ('nofight' in c.lower()) == (kind == 'nofight')}
        frames = [r for v in clips.values() for r in v]
        if not frames:
            continue
        print('%s: %d clips, %d frames' % (kind, len(clips), len(frames)))
        for name, i in (('multipose', 0), ('+zoom', 1), ('detector boxes', 2), ('+zoom+top-down', 3)):
            one = sum(r[i] >= 1 for r in frames) / len(frames)
            two = sum(r[i] >= 2 for r in frames) / len(frames)
            pairs = sum(sum(r[i] >= 2 for r in v) >= len(v) / 2 for v in clips.values())
            print('  %-15s 1+ %.3f  2+ %.3f  clips with 2+ on half their frames %d' % (name, one, two, pairs))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
