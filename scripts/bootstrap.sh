# Sourced by scripts/demo and scripts/test: installs what Gongkai needs on a fresh machine
# with Python 3.11: uv (from PyPI) and the locked environment (.venv, from uv.lock).
set -euo pipefail

if ! command -v uv >/dev/null 2>&1; then
  export PATH="$HOME/.local/bin:$PATH"
fi
if ! command -v uv >/dev/null 2>&1; then
  echo "==> 安装 uv（Python 包与环境管理工具）"
  PY=$(command -v python3.11 || command -v python3)
  "$PY" -m pip install --quiet --user uv 2>/dev/null || "$PY" -m pip install --quiet uv
  hash -r
  command -v uv >/dev/null 2>&1 || export PATH="$("$PY" -m site --user-base)/bin:$PATH"
fi

echo "==> 同步依赖（uv.lock）"
uv sync --frozen --quiet
