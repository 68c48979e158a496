# Sourced by scripts/test: make sure the local services the tests use are running, and start
# them if they are not, rather than assuming them.

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "PostgreSQL：运行中"
    return
  fi
  echo "PostgreSQL 未运行，正在启动……"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  elif command -v service >/dev/null 2>&1; then
    service postgresql start
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && { echo "PostgreSQL：已启动"; return; }
    sleep 1
  done
  echo "无法启动 PostgreSQL（127.0.0.1:5432）。" >&2
  exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "Redis：运行中"
    return
  fi
  echo "Redis 未运行，正在启动……"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 20); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && { echo "Redis：已启动"; return; }
    sleep 0.5
  done
  echo "无法启动 Redis（127.0.0.1:6379）。" >&2
  exit 1
}

ensure_chromium() {
  # Page tests drive a real headless Chromium through Playwright (its own browser download
  # is not used); the system package is installed when missing.
  if [ -n "${GONGKAI_CHROMIUM:-}" ] && [ -x "$GONGKAI_CHROMIUM" ]; then
    return
  fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then
      export GONGKAI_CHROMIUM="$candidate"
      echo "Chromium：$candidate"
      return
    fi
  done
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "正在安装 Chromium 与中文字体（apt）……"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    export GONGKAI_CHROMIUM=/usr/bin/chromium
    return
  fi
  echo "未找到 Chromium：请安装 chromium 软件包，或设置 GONGKAI_CHROMIUM 指向浏览器可执行文件。" >&2
  exit 1
}
