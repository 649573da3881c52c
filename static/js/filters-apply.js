/* A list's filters apply as they are ticked (templates/includes/facets.html).
 *
 * Without this script the visitor ticks values and presses "Apply filters",
 * which stays on screen while they scroll (site.css). With it, ticking or
 * unticking a value sends the form at once; the page that comes back opens
 * the filters again on that value and gives it the focus, so a keyboard or
 * screen reader user carries on where they were. A note in the form says so
 * beforehand (WCAG 3.2.2).
 */
(function () {
  "use strict";

  var form = document.getElementById("list-filters");
  if (!form) {
    return;
  }
  var KEY = "academy-archive:ticked-filter";

  function remember(box) {
    try {
      sessionStorage.setItem(
        KEY,
        JSON.stringify({ path: location.pathname, name: box.name, value: box.value })
      );
    } catch (error) {
      // Storage refused (a private window): the list applies all the same.
    }
  }

  function recall() {
    try {
      var ticked = JSON.parse(sessionStorage.getItem(KEY));
      sessionStorage.removeItem(KEY);
      return ticked;
    } catch (error) {
      return null;
    }
  }

  var note = document.getElementById("filters-apply-note");
  if (note) {
    note.hidden = false;
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    // The text box and a facet's find box are sent by Enter or a button.
    if (box.type !== "checkbox" || box.form !== form) {
      return;
    }
    remember(box);
    form.requestSubmit();
  });

  var ticked = recall();
  if (!ticked || ticked.path !== location.pathname) {
    return;
  }
  var boxes = form.querySelectorAll("input[type=checkbox]");
  for (var i = 0; i < boxes.length; i += 1) {
    if (boxes[i].name === ticked.name && boxes[i].value === ticked.value) {
      var panel = form.closest("details");
      if (panel) {
        panel.open = true;
      }
      // At once, whatever the page's smooth scrolling, and in the middle
      // of the screen, clear of the sticky "Apply filters".
      boxes[i].focus({ preventScroll: true });
      boxes[i].scrollIntoView({ block: "center", behavior: "instant" });
      return;
    }
  }
})();
