#!/bin/bash
# SPDX-License-Identifier: MIT
# compare-html.sh - `iostress compare --html` opened in a real browser:
# headless Chromium renders the page of the fixed documents
# (tests/data/compare/) to a screenshot, which must not be blank and must
# show the bars' colour; the DOM Chromium built holds the expected charts
# and series; a label with HTML in it stays text; and the page loads
# nothing from outside, neither by its text (no URL, script, link, import)
# nor in Chromium's net log (no http, https or ws request from the page;
# a control page with external references shows the check would see one).

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 chromium

DATA=$SRCDIR/tests/data/compare
cd "$T" || bail_out "no temp dir"

# browser ARGS... - headless Chromium with its own profile, and without
# the browser's own background traffic where flags can stop it.
browser() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/profile" --no-first-run \
		--disable-background-networking --disable-component-update \
		--disable-sync --disable-default-apps "$@" 2>>chromium.err
}

# Four placements: native, one labelled with markup, fio's two runs and
# fio's json+.  Two jobs, one direction each: IOPS, bandwidth, latency,
# cycles (iostress's only) and setup (likewise) per job.
run_cmd html.out html.err "$IOSTRESS" compare --html="$T/page.html" \
	"$DATA/is-native.json" "x<b>&\"y=$DATA/is-process.json" \
	"$DATA/fio-1.json" "$DATA/fio-2.json" "$DATA/fioplus-1.json"
[ "$RC" = 0 ] && [ -s page.html ]
check "compare --html writes the page" $?
diag_file html.err

grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">" page.html
check "the page forbids loading anything (Content-Security-Policy)" $?
! grep -Eiq 'https?:|wss?:|ftp:|//[a-z0-9]|<script|<link|<iframe|<img|src=|href=|url\(|@import|@font-face' page.html
check "the page has no external reference, script or font" $?

browser --dump-dom "file://$T/page.html" >dom.html
python3 - <<'PY' >res.txt
import re
dom = open("dom.html").read()
charts = re.findall(r'<svg class="chart" data-chart="([a-z]+)"', dom)
print("DIAG charts: %s" % charts)
want = ["iops", "bw", "latency", "cycles", "setup"] * 2
print(("PASS" if charts == want else "FAIL") +
      " the rendered DOM has 10 charts: per job IOPS, bandwidth, latency, cycles, setup")
series = re.findall(r'<svg class="chart" data-chart="([a-z]+)".*?</svg>', dom, re.S)
counts = [len(re.findall(r'<g class="series"', s)) for s in
          re.findall(r'<svg class="chart".*?</svg>', dom, re.S)]
print("DIAG series per chart: %s" % counts)
print(("PASS" if counts == [4, 4, 4, 2, 2] * 2 else "FAIL") +
      " one series per placement with the figure (fio has no cycles or setup)")
labels = set(re.findall(r'data-series="([^"]*)"', dom))
print("DIAG series labels: %s" % sorted(labels))
ok = labels == {"native", "x&lt;b&gt;&amp;&quot;y", "fio", "fioplus"} and "<b>&amp;" not in dom
print(("PASS" if ok else "FAIL") + " a label with markup in it stays text")
print(("PASS" if re.search(r"<table>.*vs native.*</table>", dom, re.S) else "FAIL") +
      " the page holds the table with the ratios")
PY
emit_results <res.txt

browser --screenshot="$T/shot.png" --window-size=1280,1600 \
	--log-net-log="$T/net.json" "file://$T/page.html" >/dev/null
[ -s shot.png ]
check "Chromium renders the page to a screenshot" $?
python3 - <<'PY' >res.txt
import struct, zlib
data = open("shot.png", "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride = zlib.decompress(idat), w * bpp
prev, px, colours, ink = bytearray(stride), 0, set(), 0
blue = 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        rgb = bytes(line[x:x + 3])
        colours.add(rgb)
        ink += rgb != b"\xff\xff\xff"
        blue += rgb == b"\x00\x72\xb2"
    prev = line
print("DIAG %dx%d, %d colours, %d non-white pixels, %d of the base's blue" % (w, h, len(colours), ink, blue))
print(("PASS" if w == 1280 and ink > w * h // 50 and len(colours) > 16 else "FAIL") +
      " the screenshot is not blank")
print(("PASS" if blue > 1000 else "FAIL") + " the base placement's bars are drawn in its colour")
PY
emit_results <res.txt

# page_requests NETLOG - the http, https and ws URLs the page (a file://
# site) asked for; the browser's own requests have no such site.
page_requests() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["events"]:
    p = e.get("params", {})
    url = p.get("url", "")
    if url.split(":")[0] in ("http", "https", "ws", "wss") and \
       p.get("network_isolation_key", "").startswith("file://"):
        print(url)
PY
}
page_requests net.json >req.txt
[ -s net.json ] && [ ! -s req.txt ]
check "Chromium's net log holds no request of the page beyond the file" $?
diag_file req.txt
printf '<!DOCTYPE html><link rel="stylesheet" href="http://example.invalid/x.css"><img src="https://example.invalid/a.png">\n' >control.html
browser --screenshot="$T/control.png" --log-net-log="$T/control.json" \
	"file://$T/control.html" >/dev/null
page_requests control.json >req.txt
grep -q 'example.invalid' req.txt
check "the net-log check sees a control page's external requests" $?

done_testing
