/* Every action shows its result, and irreversible ones ask first (issue 12, section 3).
 *
 * 1. htmx does not swap a 4xx/5xx answer. A fragment (a card or form re-rendered with its
 *    error) is swapped like a success; an answer carrying X-Pamong-Message (set by
 *    pamong.core.feedback for error pages, text and JSON) is shown as an alert next to
 *    the form that asked. A network failure is shown the same way.
 * 2. A form with data-confirm asks before it is sent. Without this script the form's
 *    required "Saya yakin" checkbox (class confirm-check) does the asking; with it the
 *    checkbox is hidden and ticked, and the dialog asks instead. htmx forms carry
 *    hx-confirm, which htmx itself asks.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var text = {
    offline: (script && script.getAttribute("data-offline")) || "Tidak tersambung ke server.",
    failed: (script && script.getAttribute("data-failed")) || "Tindakan gagal.",
  };

  function anchorOf(elt) {
    if (!elt || !elt.closest) return null;
    return elt.closest("form") || elt;
  }

  function clearError(elt) {
    var anchor = anchorOf(elt);
    if (!anchor) return;
    var previous = anchor.previousElementSibling;
    if (previous && previous.hasAttribute("data-action-error")) previous.remove();
  }

  function showError(elt, message) {
    var anchor = anchorOf(elt);
    if (!anchor || !anchor.parentNode || !anchor.isConnected) anchor = document.getElementById("messages");
    if (!anchor) {
      window.alert(message);
      return;
    }
    clearError(anchor);
    var p = document.createElement("p");
    p.className = "error action-error";
    p.setAttribute("role", "alert");
    p.setAttribute("data-action-error", "");
    p.textContent = message;
    if (anchor.id === "messages") anchor.appendChild(p);
    else anchor.parentNode.insertBefore(p, anchor);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    clearError(event.detail.elt);
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var xhr = detail.xhr;
    if (!xhr || xhr.status < 400) return;
    var header = xhr.getResponseHeader("X-Pamong-Message");
    if (header) {
      detail.shouldSwap = false;
      detail.isError = false;
      var message;
      try {
        message = decodeURIComponent(header);
      } catch (e) {
        message = header;
      }
      showError(detail.requestConfig ? detail.requestConfig.elt : detail.elt, message);
      return;
    }
    if (xhr.responseText) {
      detail.shouldSwap = true;
      detail.isError = false;
    } else {
      showError(detail.elt, text.failed);
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    showError(event.detail.elt, text.offline);
  });

  // The confirmed value travels with an htmx request the person confirmed.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.closest && elt.closest("[hx-confirm]")) event.detail.parameters.confirmed = "1";
  });

  function prepare(root) {
    if (!root || !root.querySelectorAll) return;
    var forms = Array.prototype.slice.call(root.querySelectorAll("form[data-confirm]"));
    if (root.matches && root.matches("form[data-confirm]")) forms.push(root);
    forms.forEach(function (form) {
      Array.prototype.forEach.call(form.querySelectorAll(".confirm-check"), function (label) {
        var box = label.querySelector("input[type=checkbox]");
        if (box) {
          box.required = false;
          box.checked = true;
        }
        label.hidden = true;
        label.style.display = "none"; // a stylesheet's display rule would beat [hidden]
      });
    });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form || !form.getAttribute) return;
      var question = form.getAttribute("data-confirm");
      if (!question || form.hasAttribute("hx-confirm")) return;
      if (!window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener("DOMContentLoaded", function () {
    prepare(document);
  });
  document.addEventListener("htmx:load", function (event) {
    prepare(event.detail.elt);
  });
})();
