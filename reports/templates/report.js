// Sorting and filtering of the findings table; plain JavaScript, no library, works offline.
// Without JavaScript the report is complete: the filters stay hidden and the rows keep their order.
(() => {
  "use strict";

  function cellValue(row, index, numeric) {
    const cell = row.cells[index];
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return numeric ? Number(raw) : raw.toLowerCase();
  }

  function makeSortable(table) {
    const body = table.tBodies[0];
    table.querySelectorAll("thead th[data-sort]").forEach((header) => {
      header.querySelector("button").addEventListener("click", () => {
        const index = header.cellIndex;
        const numeric = header.dataset.sort === "number";
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = cellValue(a, index, numeric);
          const y = cellValue(b, index, numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach((row) => body.appendChild(row));
        table.querySelectorAll("thead th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function rowMatches(row, select) {
    if (!select.value) return true;
    if (select.name === "verdict" && select.value === "needs-action") return row.dataset.needsAction === "yes";
    return row.dataset[select.name] === select.value;
  }

  function enableFilters(form, table) {
    const selects = Array.from(form.querySelectorAll("select"));
    const status = document.getElementById("filter-status");
    const rows = Array.from(table.tBodies[0].rows);
    const apply = () => {
      let shown = 0;
      rows.forEach((row) => {
        row.hidden = !selects.every((select) => rowMatches(row, select));
        shown += row.hidden ? 0 : 1;
      });
      status.textContent = `Showing ${shown} of ${rows.length} findings`;
    };
    selects.forEach((select) => select.addEventListener("change", apply));
    form.querySelector("button.show-all").addEventListener("click", () => {
      selects.forEach((select) => { select.value = ""; });
      apply();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
  }

  document.querySelectorAll("table.findings").forEach(makeSortable);
  const form = document.getElementById("filters");
  const table = document.getElementById("findings-table");
  if (form && table) enableFilters(form, table);
})();
