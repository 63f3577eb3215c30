#!/bin/sh
# A dev step, run by hand when the font or the characters the Persian edition needs change:
# fetch Vazirmatn (SIL Open Font Licence 1.1) from npm and keep only the glyphs a Persian page uses
# (Arabic-script letters and digits, Latin, punctuation, the direction and joining controls), with every
# layout feature (the letters' joined forms). The two woff2 files and OFL.txt are committed under
# game/classroom/web_player/fonts/; `jangal export --html --lang fa` embeds them in the page.
# Needs npm and `pip install fonttools brotli`.
set -eu
work=$(mktemp -d)
out=$(cd "$(dirname "$0")/.." && pwd)/game/classroom/web_player/fonts
(cd "$work" && npm pack vazirmatn >/dev/null && tar xzf vazirmatn-*.tgz)
ranges="U+0020-007E,U+00A0,U+00AB,U+00BB,U+00D7,U+0600-06FF,U+200C-200F,U+2010-2027,U+2066-2069,U+2190-2193,U+2605,U+2713,U+2717"
for weight in Regular Bold; do
  pyftsubset "$work/package/fonts/ttf/Vazirmatn-$weight.ttf" --unicodes="$ranges" --layout-features='*' \
    --flavor=woff2 --output-file="$out/Vazirmatn-$weight.woff2"
done
cp "$work/package/OFL.txt" "$out/OFL.txt"
rm -rf "$work"
