#!/usr/bin/env python3
"""Lists error codes declared in packages/*/src/errors.ts that docs/errors.md does not document yet."""
import pathlib, re
root = pathlib.Path(__file__).resolve().parent.parent
declared = {}
for f in sorted(root.glob('packages/*/src/errors.ts')):
    for code in re.findall(r"'(AQM_ERR_[A-Z0-9_]+)'", f.read_text()):
        declared[code] = f.parts[-3]
doc = root / 'docs' / 'errors.md'
documented = set(re.findall(r'^### `(AQM_ERR_[A-Z0-9_]+)`', doc.read_text(), re.M)) if doc.exists() else set()
for code, pkg in sorted(declared.items()):
    if code not in documented:
        print(f'undocumented: {code} ({pkg})')
for code in sorted(documented - set(declared)):
    print(f'stale: {code}')
