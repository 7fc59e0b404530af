"""Drive Debian's headless Chromium from the command line (no Python browser deps).

Three runs per page: ``--dump-dom`` on a copy with a small probe script
appended (it measures the chart and sections and records script errors
into the DOM), ``--screenshot`` of the untouched page, and
``--print-to-pdf`` to see how it prints. The page itself carries no
script; the probe exists only in the test's copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

PROBE = """
<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e)));
window.addEventListener('load', () => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {w: r.width, h: r.height, visible: s.visibility !== 'hidden' && s.display !== 'none'}; };
  const svg = document.querySelector('figure.chart svg');
  const sections = [...document.querySelectorAll('section.theme')].map(s => ({
    theme: s.dataset.theme, heading: (s.querySelector('h2') || {}).textContent, ...box(s)}));
  const broken = [...document.querySelectorAll('img')].filter(i => !i.complete || !i.naturalWidth).length;
  const result = {chart: box(svg), sections, broken_images: broken, errors: window.__errors,
    title: document.title, resources: performance.getEntriesByType('resource').map(r => r.name)};
  const pre = document.createElement('pre'); pre.id = 'probe-result';
  pre.textContent = JSON.stringify(result); document.body.appendChild(pre);
});
</script>
"""

COMMON_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # a page that tries the network fails visibly
]


def find_chromium() -> Optional[str]:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Rendered:
    probe: dict
    screenshot: Path
    pdf: Path
    console: list[str]


def _run(binary: str, profile: Path, args: list[str], timeout: int = 90) -> subprocess.CompletedProcess:
    cmd = [binary, *COMMON_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def console_lines(stderr: str) -> list[str]:
    """Messages the page wrote to the console or errors it raised (Chromium logs them as CONSOLE)."""
    return [ln for ln in stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]


def render(binary: str, html_file: Path, workdir: Path, *, width: int = 1200, height: int = 2400) -> Rendered:
    workdir.mkdir(parents=True, exist_ok=True)
    profile = workdir / "profile"
    html = html_file.read_text(encoding="utf-8")
    probed = workdir / "probed.html"
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _run(binary, profile, ["--virtual-time-budget=3000", f"--window-size={width},{height}",
                                 "--dump-dom", probed.as_uri()])
    m = re.search(r'<pre id="probe-result">(.*?)</pre>', dom.stdout, re.S)
    if not m:
        raise RuntimeError(f"probe did not run; chromium said: {dom.stderr[-2000:]}")
    probe = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                       .replace("&amp;", "&"))
    shot = workdir / "summary.png"
    s = _run(binary, profile, [f"--window-size={width},{height}", f"--screenshot={shot}", html_file.as_uri()])
    pdf = workdir / "summary.pdf"
    p = _run(binary, profile, ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_file.as_uri()])
    console = console_lines(dom.stderr) + console_lines(s.stderr) + console_lines(p.stderr)
    return Rendered(probe, shot, pdf, console)
