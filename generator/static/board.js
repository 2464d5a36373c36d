// Sortable tables on the board page (比学树看板): activate a column header to sort the rows by
// that column, again to reverse. A cell's data-sort holds its number; other cells sort as text.
// Our own few lines, no library; without JavaScript the tables read the same, in the data's order.
// Material's instant navigation re-runs this script, so tables already set up are skipped.
(function () {
  "use strict";

  function key(cell) {
    var n = cell.getAttribute("data-sort");
    return n === null ? cell.textContent.trim() : parseFloat(n);
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-Hans-CN");
  }

  function sort(table, column, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, key: key(row.cells[column]), index: i };
    });
    rows.sort(function (a, b) {
      var d = compare(a.key, b.key);
      return (ascending ? d : -d) || a.index - b.index;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(table) {
    if (table.hasAttribute("data-sort-ready") || !table.tHead || !table.tBodies[0]) return;
    table.setAttribute("data-sort-ready", "");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "board-sort";
      button.title = "按此列排序";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      header.setAttribute("role", "columnheader"); // Material draws its sort arrows for this role
      button.addEventListener("click", function () { sort(table, column, header); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
})();
