#!/usr/bin/env bash
# Memory and time of issue 18's worst cases (BENCHMARKS.md, "Hostile inputs after issue 18"):
# generates the inputs into target/hostile-memory/ and runs the release build under /usr/bin/time.
#   cargo build --release && tests/bench/hostile_memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
W=$(pwd)/target/release/wenshen
mkdir -p target/hostile-memory && cd target/hostile-memory
python3 - <<'PY'
import zipfile, os
W="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
def docx(name, body, numbering=None):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr("word/numbering.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
cell="<w:tc><w:p/></w:tc>"
docx("sparse.docx", "<w:tbl><w:tr>"+cell*100000+"</w:tr>"+("<w:tr>"+cell+"</w:tr>")*100000+"</w:tbl>")
docx("gridspan.docx", "<w:tbl><w:tr>"+'<w:tc><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc>'*20000+"</w:tr>"+("<w:tr>"+cell+"</w:tr>")*20000+"</w:tbl>")
num='<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="'+"A"*1000000+'%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
docx("lvltext.docx", '<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'*50000, num)
open("line_gk201_3k.txt","w").write("征求意见期限为15日；"*3000+"\n")
open("line_10mb.txt","w").write("征求意见期限为15日；"*(10_000_000//30)+"\n")
open("commas_10mb.txt","w").write(","*10_000_000+"\n")
open("ones_10mb.txt","w").write("1"*10_000_000+"\n")
with open("commas_200mb.txt","w") as f:
    for _ in range(200): f.write(","*1_000_000)
    f.write("\n")
PY

m() { local label=$1; shift; /usr/bin/time -f "$label|%e s|%M KB|exit %x" timeout 300 "$@" > out.$$ 2>err.$$ || true; tail -1 err.$$; echo "  output $(stat -c %s out.$$) bytes; $(grep -o 'S00[0-9]' err.$$ | head -1)"; }
m "D7 sparse table docx (13.6 KB)" $W check --no-config sparse.docx
m "D7 gridSpan docx (5.7 KB)" $W check --no-config gridspan.docx
m "D7 lvlText docx (12.7 KB)" $W check --no-config lvltext.docx
m "D8 human, 3,000 findings on one 87 KB line" $W check --no-config line_gk201_3k.txt
m "D1/D8 human, 10 MB line (333k findings)" $W check --no-config line_10mb.txt
m "D4 concise, 10 MB line" $W check --no-config --format concise line_10mb.txt
m "D4 json, 10 MB line" $W check --no-config --format json line_10mb.txt
m "D4 sarif, 10 MB line" $W check --no-config --format sarif line_10mb.txt
m "D9 10 MB of commas" $W check --no-config commas_10mb.txt
m "D9 10 MB of 1" $W check --no-config ones_10mb.txt
m "D9 200 MB of commas" $W check --no-config --format concise commas_200mb.txt
m "D10 /dev/zero" $W check --no-config /dev/zero
m "D6 -j 100000" $W -j 100000 check --no-config --format json line_gk201_3k.txt
