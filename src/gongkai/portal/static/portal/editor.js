// The rich-text editor of 正文: progressive enhancement of <textarea data-rich-editor>.
// Without scripts the textarea stays and works (the service turns plain lines into paragraphs).
// The editor is the vendored django-prose-editor build (Tiptap/ProseMirror), loaded from our own
// static files; its schema is limited to what gongkai.disclosure.richtext keeps (h2–h4,
// paragraphs, lists, quotes, links, sub/sup, tables), and the server sanitises again on save.
import "./editor-i18n.js";
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Strike,
  Subscript,
  Superscript,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
  Underline,
} from "./vendor/django-prose-editor/editor.js";

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;
const MARKUP = /<[A-Za-z!/]/;

function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// A body typed without the editor is plain lines: one paragraph each, as the server stores it.
function asHtml(value) {
  if (!value || MARKUP.test(value)) return value;
  return value
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => `<p>${escapeText(line.trim())}</p>`)
    .join("");
}

// The menu's buttons carry English titles that do not go through gettext: shown in Chinese.
const LABELS = {
  paragraph: "正文段落",
  "unordered list": "无序列表",
  "ordered list": "有序列表",
  blockquote: "引用",
  "horizontal rule": "分隔线",
  bold: "加粗",
  italic: "倾斜",
  underline: "下划线",
  strike: "删除线",
  subscript: "下标",
  superscript: "上标",
  "insert link": "插入链接",
  "remove link": "删除链接",
  "Insert table": "插入表格",
  "Add column": "插入列",
  "Delete column": "删除列",
  "Add row": "插入行",
  "Delete row": "删除行",
  "Merge cells": "合并单元格",
  "Split cell": "拆分单元格",
  "Toggle header cell": "切换表头单元格",
  "Delete table": "删除表格",
  undo: "撤销",
  redo: "重做",
  "Heading 2": "二级标题",
  "Heading 3": "三级标题",
  "Heading 4": "四级标题",
  Paragraph: "正文段落",
};

function translate(root) {
  for (const element of root.querySelectorAll("[title], [aria-label]")) {
    for (const name of ["title", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value && LABELS[value]) element.setAttribute(name, LABELS[value]);
    }
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (LABELS[node.nodeValue] && node.parentElement.closest(".prose-menubar__picker")) {
      node.nodeValue = LABELS[node.nodeValue];
    }
  }
}

function enhance(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const attributes = { role: "textbox", "aria-multiline": "true" };
  if (label) {
    label.id = label.id || `${textarea.id}_label`;
    attributes["aria-labelledby"] = label.id;
  }
  if (textarea.getAttribute("aria-describedby")) {
    attributes["aria-describedby"] = textarea.getAttribute("aria-describedby");
  }
  const editor = new Editor({
    element: wrapper,
    // Tiptap would add an inline <style>, which the content security policy refuses:
    // the editor's styles come from the vendored stylesheets instead.
    injectCSS: false,
    editable: !textarea.disabled,
    content: asHtml(textarea.value),
    editorProps: { attributes },
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      History,
      Dropcursor,
      Gapcursor,
      Menu,
      Heading.configure({ levels: [2, 3, 4] }),
      Bold,
      Italic,
      Underline,
      Strike,
      Subscript,
      Superscript,
      BulletList,
      OrderedList,
      ListItem,
      Blockquote,
      HorizontalRule,
      Link.configure({ openOnClick: false, protocols: ["http", "https", "mailto"] }),
      Table,
      TableRow,
      TableHeader,
      TableCell,
    ],
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  const menubar = wrapper.querySelector(".prose-menubar") || wrapper;
  translate(menubar);
  new MutationObserver(() => translate(menubar)).observe(menubar, { childList: true, subtree: true });
  return editor;
}

for (const textarea of document.querySelectorAll("textarea[data-rich-editor]")) {
  enhance(textarea);
}
