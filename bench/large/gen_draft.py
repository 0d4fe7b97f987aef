#!/usr/bin/env python3
"""A generated draft of about SIZE bytes whose first operative paragraph is one long
list of offices, each spelled out once and named again with the standard acronyms
(AU, EU, UNDP) around it: the shape on which RES008 used to test every acronym token
against every standard-acronym hit of the paragraph (quadratic; issue 15).

    python3 gen_draft.py 250000 > large-250k.txt
"""
import sys

size = int(sys.argv[1]) if len(sys.argv) > 1 else 250_000
head = (
    "S/2031/999\n\nThe Security Council,\n\n"
    "Recalling its resolutions 2151 (2014) and 2553 (2020),\n\n"
    "1. Requests the United Nations Integrated Support Mission in Valdoria (UNISMV) "
    "to support, with the AU, the EU, UNDP, UNICEF and OHCHR, "
)
parts = []
total = len(head)
n = 0
while total < size:
    part = (
        f"the Valdorian Office for Sector Affairs (VOSA{n}), the AU and the EU in "
        f"sector {n} with UNDP, UNISMV and VOSA{n}"
    )
    parts.append(part)
    total += len(part) + 2
    n += 1
sys.stdout.write(head + ", ".join(parts) + ";\n\n2. Decides to remain actively seized of the matter.\n")
