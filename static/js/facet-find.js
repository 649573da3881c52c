/* A long facet's values narrow as the visitor types in its Find box
 * (templates/includes/facets.html).
 *
 * Without this script the box is a form of its own that opens the facet's
 * page (FacetView) with the values found. With it, the same request is made
 * as the visitor types, and the values of that page take the place of the
 * facet's values on the list: a value ticked there is then sent with the
 * list's filters. The values shown before stay in the form, hidden, so the
 * ones already ticked are kept; emptying the box shows them again. Enter and
 * the Find button still open the facet's page with every value found.
 */
(function () {
  "use strict";

  var WAIT = 250; // ms after the last key before asking

  function valueKey(box) {
    return box.name + "=" + box.value;
  }

  function narrowing(input) {
    var fieldset = input.closest("fieldset");
    var list = fieldset && fieldset.querySelector(".facet-values");
    if (!input.form || !list) {
      return;
    }
    var shownBefore = Array.prototype.slice.call(list.children);
    var status = document.createElement("p");
    status.className = "facet-find-status";
    status.setAttribute("aria-live", "polite");
    input.closest(".facet-find").after(status);
    var timer = null;
    var asked = 0;

    function showBefore() {
      list.querySelectorAll("li[data-found]").forEach(function (item) {
        item.remove();
      });
      shownBefore.forEach(function (item) {
        item.hidden = false;
      });
      status.textContent = "";
    }

    function showFound(page) {
      var found = page.querySelectorAll(".facet-all .facet-values > li");
      var keys = {};
      list.querySelectorAll("li[data-found]").forEach(function (item) {
        item.remove();
      });
      found.forEach(function (item) {
        var box = item.querySelector("input");
        keys[valueKey(box)] = true;
        var shown = list.querySelector(
          'input[name="' + CSS.escape(box.name) + '"][value="' + CSS.escape(box.value) + '"]'
        );
        if (!shown) {
          var copy = document.importNode(item, true);
          copy.dataset.found = "";
          list.append(copy);
        }
      });
      // A value already ticked stays in sight, whatever the text.
      shownBefore.forEach(function (item) {
        var box = item.querySelector("input");
        item.hidden = !keys[valueKey(box)] && !box.checked;
      });
      var count = page.querySelector(".result-count");
      status.textContent = count ? count.textContent.trim() : "";
    }

    function ask() {
      var text = input.value.trim();
      asked += 1;
      var mine = asked;
      if (!text) {
        showBefore();
        return;
      }
      var query = new URLSearchParams(new FormData(input.form));
      fetch(input.form.action + "?" + query.toString(), {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          // An answer to an older text comes too late to show.
          if (html === null || mine !== asked) {
            return;
          }
          showFound(new DOMParser().parseFromString(html, "text/html"));
        })
        .catch(function () {
          // Offline or refused: the Find button still opens the facet's page.
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT);
    });
  }

  document.querySelectorAll(".facet-find input[type=search]").forEach(narrowing);
})();
