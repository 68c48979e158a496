// Chinese labels for the vendored editor's dialogs and menus. The editor reads window.gettext
// once, when its module is evaluated, so this module is imported before it (portal/editor.js).
const ZH = {
  "Add caption": "添加标题",
  "Alternative Text": "替代文字",
  "Browse...": "浏览……",
  Bullets: "项目符号",
  Cancel: "取消",
  Caption: "表格标题",
  Columns: "列数",
  "Decimal numbers": "阿拉伯数字",
  "Edit HTML": "编辑HTML",
  "Edit Link": "编辑链接",
  "Include header row": "包含表头行",
  "Insert Table": "插入表格",
  Insert: "插入",
  "List properties": "列表属性",
  "List type": "列表类型",
  "Lowercase Roman numerals": "小写罗马数字",
  "Lowercase letters": "小写字母",
  "Open in new window": "在新窗口打开",
  "Remove caption": "删除标题",
  Rows: "行数",
  "Start at": "起始编号",
  "Table Properties": "表格属性",
  Title: "标题",
  "Toggle fullscreen": "全屏",
  URL: "网址",
  Update: "确定",
  "Uppercase Roman numerals": "大写罗马数字",
  "Uppercase letters": "大写字母",
};
const previous = window.gettext;
window.gettext = (text) => ZH[text] ?? (previous ? previous(text) : text);
