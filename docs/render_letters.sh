#!/bin/sh
# Regenerate the PDF sample of every 依申请公开 letter for review: the 答复书 of each of the 21
# outcomes (table 三 rows) and each notice (补正、延期、征询、决定公开告知第三方、说明理由、合理期限、
# 收费 in person and by mail), for each kind of sample org (the 复议机关 named differs:
# 行政复议法第二十四条、第二十七条). Output: docs/letters/<org-kind>/<row>.pdf (not committed).
#
#   sh docs/render_letters.sh [OUTDIR]
set -eu
out="${1:-docs/letters}"
for kind in department county township vertical; do
  uv run gongkai foi letter-sample --outcome all --org-kind "$kind" --format pdf --out "$out/$kind"
done
echo "PDF 样稿已生成：$out"
