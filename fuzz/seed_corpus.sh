#!/bin/sh
# Builds fuzz/corpus/<target>/ from the project's own drafts (fixtures/, tests/data/,
# the examples in rules/*.toml) and, for the .docx and AKN readers, minimal documents
# generated from those drafts. With --shared, also takes a few files from
# ../shared/corpus (never committed: fuzz/corpus is gitignored).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/corpus"
mkdir -p "$out/check_text" "$out/read_docx" "$out/read_akn" "$out/config" "$out/lsp_edits" "$out/rule_file"
python3 - "$root" "$out" "${1:-}" <<'PY'
import hashlib, io, os, re, sys, zipfile, glob
root, out, flag = sys.argv[1], sys.argv[2], sys.argv[3]

def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

drafts = []
for pattern in ("fixtures/**/*.txt", "fixtures/**/*.md", "tests/data/*.txt"):
    for p in glob.glob(os.path.join(root, pattern), recursive=True):
        drafts.append(open(p, encoding="utf-8", errors="replace").read())
# Examples embedded in rule files: text = '''...'''
for p in glob.glob(os.path.join(root, "rules/**/*.toml"), recursive=True):
    src = open(p, encoding="utf-8").read()
    drafts += re.findall(r"text = '''\n(.*?)'''", src, re.S)
    put("rule_file", b"\x00" + src.encode())
    put("rule_file", b"\x01" + src.encode())

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def docx(text):
    paras = "".join(
        '<w:p><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>'
        % ("<w:rPr><w:i/></w:rPr>" if i % 3 == 0 else "", esc(line))
        for i, line in enumerate(text.splitlines()))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>%s</w:body></w:document>' % paras)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", doc)
    return buf.getvalue()

def akn(text):
    ps, n = [], 0
    for line in text.splitlines():
        m = re.match(r"(\d+)\.\s+(.*)", line)
        if m:
            n += 1
            ps.append('<paragraph eId="para_%d"><num>%s.</num><content><p>%s</p></content></paragraph>' % (n, m.group(1), esc(m.group(2))))
        elif line.strip():
            ps.append('<preface><p>%s</p></preface>' % esc(line))
    return ('<?xml version="1.0" encoding="UTF-8"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
            '<statement name="resolution"><meta/><mainBody>%s</mainBody></statement></akomaNtoso>' % "".join(ps))

for d in drafts:
    put("check_text", b"\x01" + d.encode())           # text hint
    put("check_text", b"\x00" + d.encode("utf-16"))    # sniffed, UTF-16 with BOM
    put("check_text", b"\x02" + d.encode("cp1252", errors="replace"))
    put("read_docx", docx(d))
    put("read_akn", akn(d))
    # lsp_edits uses arbitrary's format; a draft's bytes still make a useful start.
    put("lsp_edits", d.encode()[:4000])

put("config", 'select = ["DSR", "RES001"]\nignore = ["RES008"]\nfail-on = "warning"\nrule-dirs = ["rules"]\ninclude = ["drafts/**/*.txt"]\nexclude = ["**/old/*"]\nprevious = "prev.txt"\n\n[severity]\nDSR006 = "error"\nRES010 = "off"\n\n[lsp]\ndebounce-ms = 250\n')
put("config", '[severity]\n"DSR*" = "info"\n')

if flag == "--shared":
    shared = os.path.join(root, "..", "shared", "corpus")
    for sub, target, limit in (("unsc", "check_text", 40), ("docx", "read_docx", 10), ("akn", "read_akn", 20)):
        files = sorted(glob.glob(os.path.join(shared, sub, "*")))[:limit]
        for p in files:
            data = open(p, "rb").read()
            if len(data) <= 200_000:
                put(target, (b"\x00" + data) if target == "check_text" else data)
for t in sorted(os.listdir(out)):
    print(t, len(os.listdir(os.path.join(out, t))))
PY
