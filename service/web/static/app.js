/* Tollgate reviewer UI: keyboard shortcuts, drag-and-drop upload with progress, small helpers.
   Plain JavaScript, no build step, no third-party code. Everything also works as plain forms
   and links when scripts are off; scripts only make it faster. */
(function () {
  "use strict";

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  /* ---- help dialog ---- */
  function openHelp() {
    var dialog = document.getElementById("help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  /* ---- a list of rows or cards that j/k walks through ---- */
  function makeCursor(rows, linkSelector) {
    var index = -1;
    function show(i) {
      if (!rows.length) return;
      index = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r) { r.classList.remove("current"); });
      var row = rows[index];
      row.classList.add("current");
      var link = row.querySelector(linkSelector);
      if (link) link.focus(); else row.focus();
      row.scrollIntoView({block: "nearest"});
    }
    return {
      next: function () { show(index + 1); },
      prev: function () { show(index < 0 ? 0 : index - 1); },
      current: function () { return index >= 0 ? rows[index] : null; },
    };
  }

  function submitDecision(value) {
    var form = document.getElementById("decision-form");
    if (!form) return false;
    var button = form.querySelector('button[name="decision"][value="' + value + '"]');
    if (!button) return false;
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
    return true;
  }

  function setupKeys() {
    var page = document.body.getAttribute("data-page");
    var cursor = null;
    if (page === "queue") {
      cursor = makeCursor(Array.prototype.slice.call(document.querySelectorAll("tr[data-row]")), "a.row-link");
    } else if (page === "document") {
      cursor = makeCursor(Array.prototype.slice.call(document.querySelectorAll("li.card")), "a.review-link, a.jump");
    }
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) return;
      var key = event.key;
      if (key === "?") { event.preventDefault(); openHelp(); return; }
      if (key === "j" || key === "k") {
        if (cursor) { event.preventDefault(); if (key === "j") cursor.next(); else cursor.prev(); return; }
        var link = document.getElementById(key === "j" ? "nav-next" : "nav-prev");
        if (link) { event.preventDefault(); window.location.href = link.href; }
        return;
      }
      if (key === "x" && page === "queue" && cursor && cursor.current()) {
        var box = cursor.current().querySelector('input[type="checkbox"]');
        if (box) { event.preventDefault(); box.checked = !box.checked; }
        return;
      }
      if (page !== "item") return;
      if (key === "a" && submitDecision("accept")) { event.preventDefault(); return; }
      if (key === "r" && submitDecision("reject")) { event.preventDefault(); return; }
      if (key === "e") {
        var details = document.getElementById("correct-box");
        var field = document.getElementById("corrected_value");
        if (details && field) { event.preventDefault(); details.open = true; field.focus(); }
      }
    });
    var help = document.getElementById("help-button");
    if (help) help.addEventListener("click", openHelp);
  }

  /* ---- document view: follow a suggestion to its evidence ---- */
  function setupEvidence() {
    document.querySelectorAll("a.jump").forEach(function (link) {
      link.addEventListener("click", function () {
        var key = link.getAttribute("href").replace("#ev-", "");
        document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
        document.querySelectorAll("mark[data-keys]").forEach(function (m) {
          if (m.getAttribute("data-keys").split(" ").indexOf(key) >= 0) m.classList.add("active");
        });
      });
    });
  }

  /* ---- queue: select all ---- */
  function setupBulk() {
    var all = document.getElementById("select-all");
    if (!all) return;
    all.addEventListener("change", function () {
      document.querySelectorAll('#bulk-form input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
    });
  }

  /* ---- dashboard bars (widths set here: the CSP allows no inline styles) ---- */
  function setupBars() {
    document.querySelectorAll(".bar[data-width]").forEach(function (bar) {
      bar.style.width = Math.max(2, Math.min(100, parseInt(bar.getAttribute("data-width"), 10) || 0)) * 1.2 + "px";
    });
  }

  /* ---- upload: drag and drop, XHR with progress, problems inline ---- */
  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("file");
    var bar = document.getElementById("progress-bar");
    var box = document.getElementById("upload-progress");
    var label = document.getElementById("progress-label");
    var status = document.getElementById("upload-status");
    var error = document.getElementById("upload-error");
    var button = document.getElementById("upload-button");

    function showError(message) {
      status.textContent = "";
      error.textContent = message;
      error.hidden = false;
      button.disabled = false;
    }

    function send(file) {
      error.hidden = true;
      status.textContent = "";
      box.hidden = false;
      bar.value = 0;
      label.textContent = "Uploading " + file.name + "…";
      button.disabled = true;
      var data = new FormData();
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          bar.value = Math.round((100 * event.loaded) / event.total);
          bar.textContent = bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        label.textContent = "Uploaded; analyzing " + file.name + "…";
        status.textContent = "Upload complete. Analyzing the document…";
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300 && body && body.url) {
          status.textContent = "Done: " + body.review_items + " suggestion(s) queued. Opening the document…";
          window.location.assign(body.url);
          return;
        }
        box.hidden = true;
        var message = body && (body.detail || body.title) ? (body.title ? body.title + ": " : "") + (body.detail || "") :
          "The upload failed (HTTP " + xhr.status + ").";
        showError(message);
      });
      xhr.addEventListener("error", function () { box.hidden = true; showError("The upload failed: the server could not be reached."); });
      xhr.send(data);
    }

    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length) return;
      event.preventDefault();
      send(input.files[0]);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) send(files[0]);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupKeys();
    setupEvidence();
    setupBulk();
    setupBars();
    setupUpload();
  });
})();
