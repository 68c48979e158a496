"""A small site served on loopback by a real HTTP server in a thread, with planted problems of
every finding kind and legitimate look-alikes. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[int, str, str, float]  # status, content type, body, delay in seconds
HTML = "text/html; charset=utf-8"

AS_OF = "2024-06-30"


def page(title: str, body: str, *, head: str = "") -> str:
    head = f"<head><meta charset='utf-8'><title>{title}</title>{head}</head>"
    return f"<!doctype html><html>{head}<body>{body}</body></html>"


def rows(*items: tuple[str, str, str]) -> str:
    lis = "".join(f"<li><a href='{href}'>{title}</a> <span>{extra}</span></li>" for href, title, extra in items)
    return f"<ul class='list'>{lis}</ul>"


NAV = """
<nav><ul>
  <li><a href="/">首页</a></li>
  <li><a href="/news/">工作动态</a></li>
  <li><a href="/notices/">通知公告</a></li>
  <li><a href="/policy/">政策文件</a></li>
  <li><a href="/about/">机构职能</a></li>
  <li><a href="/stats/">统计信息</a></li>
  <li><a href="/plans/">规划计划</a></li>
  <li><a href="/ask/">咨询留言</a></li>
  <li><a href="/staff/">人事信息</a></li>
  <li><a href="/key/">重点领域</a></li>
  <li><a href="/private/">内部资料</a></li>
  <li><a href="/open/">信息公开</a><ul><li><a href="/open/budget/">财政预决算</a></li></ul></li>
</ul></nav>
"""

# A mobile menu with internal links, hidden on wide screens by a media query: not a hidden link.
MOBILE_MENU = """
<style>@media (min-width: 768px) { .m-menu { display: none } } .fl { display:none }</style>
<div class="m-menu"><a href="/news/">动态</a> <a href="/notices/">公告</a></div>
"""


def main_site(external: str) -> dict[str, Page]:
    home_body = (
        NAV
        + MOBILE_MENU
        + "<div class='main'><h2>要闻</h2>"
        + rows(("/news/1.html", "县政府召开常务会议", "2024-06-25"))
        + "<p><a href='/files/ok.pdf'>下载附件</a> <a href='/files/missing.pdf'>办事表格</a>"
        + f" <a href='{external}/ok'>上级政府网站</a> <a href='{external}/gone'>已失效的合作网站</a>"
        # 办事服务 on the province's 政务服务网 (off-site): a service channel, not a finding.
        + f" <a href='{external}/ok'>网上办事大厅</a></p>"
        # A collapsed dropdown of internal links (display:none inline): not a hidden link.
        + "<div style='display:none'><a href='/news/'>更多动态</a></div></div>"
    )
    pages: dict[str, Page] = {
        "/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /private/\n", 0),
        "/": (200, HTML, page("某县人民政府", home_body), 0),
        "/news/": (
            200,
            HTML,
            page(
                "工作动态",
                NAV
                + rows(
                    ("/news/1.html", "县政府召开常务会议", "2024-06-25"),
                    ("/news/2.html", "全县安全生产工作会议召开", "2024-06-20"),
                    ("/news/3.html", "县领导调研乡村振兴", "2024-06-18"),
                    ("/news/4.html", "县委理论学习中心组学习", "2024-06-10"),
                ),
            ),
            0,
        ),
        "/news/1.html": (
            200,
            HTML,
            page(
                "县政府召开常务会议",
                "<p>会议研究了近期重点工作。</p>"
                "<div style='position:absolute;left:-9999px'>"
                f"<a href='{external}/casino'>友情链接</a> <a href='{external}/ok'>合作伙伴</a></div>",
            ),
            0,
        ),
        "/news/2.html": (200, HTML, page("北京赛车pk10计划网 官网注册", "<p>全县安全生产工作会议召开。</p>"), 0),
        "/news/3.html": (
            200,
            HTML,
            page("县领导调研乡村振兴", "<p>县领导调研乡村振兴。</p><p>时时彩|六合彩|百家乐|真人娱乐 注册送彩金</p>"),
            0,
        ),
        "/news/4.html": (
            200,
            HTML,
            # Look-alike: a sentence about fighting gambling is not spam.
            page("县委理论学习中心组学习", "<p>会议要求依法严厉打击网络赌博、六合彩等违法犯罪活动。</p>"),
            0,
        ),
        "/notices/": (
            200,
            HTML,
            page(
                "通知公告",
                NAV
                + rows(
                    ("/notices/1.html", "2023年度福利彩票公益金使用情况公告", "2023-10-01"),
                    ("/notices/2.html", "关于开展消防检查的通知", "2023-09-15"),
                ),
            ),
            0,
        ),
        "/notices/1.html": (
            200,
            HTML,
            # Look-alike: a legitimate 福利彩票公益金 notice is not spam.
            page(
                "2023年度福利彩票公益金使用情况公告",
                "<p>根据《彩票管理条例》和《彩票公益金管理办法》，现将本县2023年度福利彩票公益金"
                "使用情况公告如下：全年共使用福利彩票公益金120万元，用于养老服务、儿童福利和残疾人康复。</p>",
            ),
            0,
        ),
        "/notices/2.html": (200, HTML, page("关于开展消防检查的通知", "<p>各单位：现就消防检查通知如下。</p>"), 0),
        "/policy/": (
            200,
            HTML,
            page("政策文件", NAV + rows(("/policy/1.html", "关于印发对台交流工作方案的通知", "2024-05-10"))),
            0,
        ),
        "/policy/1.html": (
            200,
            HTML,
            page(
                "关于印发对台交流工作方案的通知",
                "<p>会见台湾总统候选人的报道不得转载。</p><p><a href='/nowhere/'>相关链接</a></p>",
            ),
            0,
        ),
        "/about/": (200, HTML, page("机构职能", NAV + rows(("/about/1.html", "主要职责", "2019-01-01"))), 0),
        "/about/1.html": (200, HTML, page("主要职责", "<p>负责全县政府信息公开工作。</p>"), 0),
        "/stats/": (200, HTML, page("统计信息", NAV + "<ul class='list'><li>暂无信息</li></ul>"), 0),
        "/plans/": (
            200,
            HTML,
            page("规划计划", NAV + rows(("/plans/1.html", "国民经济和社会发展规划", ""))),
            0,
        ),
        "/plans/1.html": (200, HTML, page("国民经济和社会发展规划", "<p>规划全文。</p>"), 0),
        "/ask/": (
            200,
            HTML,
            page(
                "咨询留言",
                NAV
                + rows(
                    ("/ask/1.html", "咨询低保申请条件", "2024-01-10 未回复"),
                    ("/ask/2.html", "咨询社保转移", "2024-06-01 未回复"),
                    ("/ask/3.html", "咨询不动产登记", "2024-01-05 已回复"),
                    ("/ask/4.html", "咨询学区划分", "2023-03-01 未回复"),
                ),
            ),
            0,
        ),
        "/open/": (200, HTML, page("信息公开", NAV + "<p>暂无信息</p>"), 0),
        "/open/budget/": (
            200,
            HTML,
            page("财政预决算", NAV + rows(("/open/budget/1.html", "2024年部门预算", "2024-02-01"))),
            0,
        ),
        "/open/budget/1.html": (200, HTML, page("2024年部门预算", "<p>预算公开。</p>"), 0),
        "/key/": (200, HTML, page("重点领域", NAV + "<p>加载很慢</p>"), 2.0),
        "/private/": (200, HTML, page("内部资料", "<p>不应被抓取</p>"), 0),
        "/files/ok.pdf": (200, "application/pdf", "%PDF-1.4", 0),
        # /files/missing.pdf, /staff/ and /nowhere/ are not here: 404.
    }
    for n in (1, 2, 3, 4):
        pages.setdefault(f"/ask/{n}.html", (200, HTML, page("留言", "<p>留言内容</p>"), 0))
    # A second site under a path prefix, as in a site cluster: not updated, title hijacked.
    pages["/old/"] = (
        200,
        HTML,
        page(
            "澳门葡京娱乐城 - 某乡人民政府",
            "<nav><a href='/old/news/'>乡镇动态</a></nav>" + rows(("/old/news/1.html", "乡镇动态", "2023-12-01")),
        ),
        0,
    )
    pages["/old/news/"] = (200, HTML, page("乡镇动态", rows(("/old/news/1.html", "春耕生产", "2024-06-28"))), 0)
    pages["/old/news/1.html"] = (200, HTML, page("春耕生产", "<p>春耕生产有序推进。</p>"), 0)
    # A clean site under another prefix.
    pages["/clean/"] = (
        200,
        HTML,
        page(
            "某镇人民政府",
            "<nav><a href='/clean/news/'>工作动态</a></nav>"
            + rows(("/clean/news/1.html", "会议", "2024-06-28"))
            + "<p><a href='/clean/hudong/'>政民互动</a> <a href='/clean/bs/'>网上办事</a></p>",
        ),
        0,
    )
    pages["/clean/hudong/"] = (200, HTML, page("政民互动", "<p>领导信箱、在线咨询。</p>"), 0)
    pages["/clean/bs/"] = (200, HTML, page("网上办事", "<p>办事指南。</p>"), 0)
    pages["/clean/news/"] = (200, HTML, page("工作动态", rows(("/clean/news/1.html", "会议", "2024-06-28"))), 0)
    pages["/clean/news/1.html"] = (200, HTML, page("会议", "<p>会议召开。</p>"), 0)
    return pages


def external_site() -> dict[str, Page]:
    return {"/ok": (200, HTML, page("上级政府", "<p>ok</p>"), 0), "/casino": (200, HTML, page("x", "x"), 0)}


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, Page] = {}
    log: list[tuple[str, str]] = []

    def _serve(self, with_body: bool) -> None:
        path = self.path.split("?")[0]
        self.log.append((self.command, path))
        status, content_type, body, delay = self.pages.get(path, (404, HTML, page("404", "未找到"), 0))
        if delay:
            time.sleep(delay)
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if with_body:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def do_GET(self) -> None:
        self._serve(True)

    def do_HEAD(self) -> None:
        self._serve(False)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Serve `pages` on 127.0.0.1 (a free port) in a thread; yields (origin, request log)."""
    log: list[tuple[str, str]] = []
    handler = type("Handler", (_Handler,), {"pages": pages, "log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
