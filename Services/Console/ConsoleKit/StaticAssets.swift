/// The console's stylesheet and its one script, served by the console itself: no CDN, no build
/// step. The script only enhances the report form with a live progress bar; without it the form
/// still works and lands on the report.
enum StaticAssets {
    static let css = """
        :root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #8c8c8c; --accent: #0b4f8a; --bad: #a4000f; --bg: #ffffff; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 16px; line-height: 1.5; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); } a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; padding: 8px 24px; background: #0b3d6b; color: #fff; }
        header.top a { color: #fff; } .brand a { font-weight: bold; text-decoration: none; }
        nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; } nav a[aria-current="page"] { text-decoration: underline; font-weight: bold; }
        .signout { margin-left: auto; } .signout .who { margin-right: 8px; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; } .narrow { max-width: 480px; }
        h1 { font-size: 1.6rem; margin: 0.6em 0 0.4em; } h2 { font-size: 1.2rem; margin-top: 1.4em; }
        label { font-weight: 600; margin-right: 6px; } input, select, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 3px; }
        button, .button { background: var(--accent); color: #fff; border: 1px solid var(--accent); cursor: pointer; text-decoration: none; padding: 6px 14px; border-radius: 3px; display: inline-block; }
        .button.secondary { background: #fff; color: var(--accent); }
        .signout button { background: transparent; border-color: #fff; }
        .notice { background: #e7f3e7; border-left: 4px solid #2d7a2d; padding: 8px 12px; }
        .error, .field-error { color: var(--bad); } p.error { background: #fbeaea; border-left: 4px solid var(--bad); padding: 8px 12px; }
        .field-error { display: block; font-size: 0.95rem; } .chosen { display: block; font-size: 0.95rem; color: var(--muted); } [aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
        table.grid { border-collapse: collapse; width: 100%; margin: 8px 0; } table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        table.grid th { background: #eef2f6; } td.n { text-align: right; white-space: nowrap; }
        .tag { display: inline-block; background: #eef2f6; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; font-size: 0.9rem; }
        .filters p { margin: 6px 0; } .count { color: var(--muted); } .pager { margin: 12px 0; display: flex; gap: 24px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; } dl.facts dt { font-weight: 600; }
        iframe.preview { width: 100%; height: 900px; border: 1px solid var(--line); }
        footer { color: var(--muted); font-size: 0.9rem; text-align: center; padding: 16px; border-top: 1px solid #ddd; }
        progress { vertical-align: middle; }
        @media print { header.top, footer, nav, .filters, .pager, form, .skip { display: none; } main { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
        """

    /// Posts the report form itself and reads the server's event stream: a bar and the step under
    /// way, then the finished report. Any failure falls back to the plain form post. The button
    /// waits while a report is being made: a second click would make a second draft of the quarter.
    /// A finished report gives the form a new id, so that the desk met again by the browser's Back
    /// asks for a new report rather than the one just made.
    static let progressScript = """
        (function () {
          var form = document.getElementById('generate');
          var box = document.getElementById('progress');
          if (!form || !box || !window.fetch || !window.TextDecoder) return;
          var button = form.querySelector('button');
          function idle() { form.removeAttribute('aria-busy'); if (button) button.disabled = false; }
          form.addEventListener('submit', function (event) {
            event.preventDefault();
            if (form.getAttribute('aria-busy') === 'true') return;
            form.setAttribute('aria-busy', 'true');
            if (button) button.disabled = true;
            var bar = box.querySelector('progress'), step = box.querySelector('.step');
            box.hidden = false; step.textContent = 'Đang hỏi các dịch vụ…';
            fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)),
                                 headers: { 'Accept': 'text/event-stream' }, credentials: 'same-origin' })
              .then(function (response) {
                if (!response.ok || !response.body) { form.submit(); return; }
                var reader = response.body.getReader(), decoder = new TextDecoder(), pending = '';
                function pump() {
                  return reader.read().then(function (chunk) {
                    if (chunk.done) { idle(); return; }
                    pending += decoder.decode(chunk.value, { stream: true });
                    var events = pending.split('\\n\\n'); pending = events.pop();
                    events.forEach(function (text) {
                      var kind = 'message', data = '';
                      text.split('\\n').forEach(function (line) {
                        if (line.indexOf('event: ') === 0) kind = line.slice(7);
                        if (line.indexOf('data: ') === 0) data += line.slice(6);
                      });
                      var value = JSON.parse(data || '{}');
                      if (kind === 'progress') { bar.max = value.total; bar.value = value.done; step.textContent = value.step; }
                      if (kind === 'done') {
                        var id = form.querySelector('input[name="form"]');
                        if (id && value.form) id.value = value.form;
                        window.location.href = value.url;
                      }
                      if (kind === 'failed') { step.textContent = value.message; idle(); }
                    });
                    return pump();
                  });
                }
                return pump();
              })
              .catch(function () { form.submit(); });
          });
        })();
        """
}
