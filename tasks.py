"""Tasks for people working on the portal: `invoke --list` shows them all."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
LEVEL_NAMES = {"ERROR": "GALAT", "WARNING": "PERINGATAN", "CRITICAL": "GALAT", "INFO": "info", "DEBUG": "debug"}


class _Formatter(logging.Formatter):
    """Plain one-line messages: editors read them, CI greps them."""

    def format(self, record):
        return f"{LEVEL_NAMES.get(record.levelname, record.levelname)}: {record.getMessage()}"


class _GitHubFormatter(_Formatter):
    """Content problems as GitHub Actions annotations, shown on the line at fault
    in a pull request; everything else as plain lines."""

    COMMANDS = {"error": "error", "warning": "warning", "hint": "notice"}

    def format(self, record):
        problem = getattr(record, "problem", None)
        if problem is None:
            return super().format(record)
        props = f"file={_escape(problem.path, True)}"
        if problem.line:
            props += f",line={problem.line}"
        if problem.field:
            props += f",title={_escape(problem.field, True)}"
        text = problem.message + (f". Perbaikan: {problem.fix}" if problem.fix else "")
        return f"::{self.COMMANDS[problem.severity]} {props}::{_escape(text, False)}"


def _escape(text: str, is_property: bool) -> str:
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def _project_modules() -> None:
    """Make the plugins and the project's tool packages importable here."""
    for path in (str(ROOT), str(ROOT / "plugins")):
        if path not in sys.path:
            sys.path.insert(0, path)


def _setup_logging(verbose: bool, output_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stdout if output_format == "github" else sys.stderr)
    handler.setFormatter(_GitHubFormatter() if output_format == "github" else _Formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def _settings(settings_file: str, content: str | None, output: str | None, siteurl: str | None):
    from pelican.settings import read_settings

    overrides = {}
    if content:
        overrides["PATH"] = os.path.abspath(content)
    if output:
        overrides["OUTPUT_PATH"] = os.path.abspath(output)
    if siteurl is not None:
        overrides["SITEURL"] = overrides["FEED_DOMAIN"] = siteurl.rstrip("/")
    return read_settings(str(ROOT / settings_file), override=overrides)


class PluginMissing(Exception):
    exitcode = 1


def _run(settings, check_only: bool = False) -> None:
    """Run Pelican in this process; exit 1 with the reason if anything failed."""
    from pelican import Pelican, signals

    class CheckOnly(Pelican):
        """Read and validate every document; write nothing."""

        def run(self):
            context = self.settings.copy()
            context.update(generated_content={}, static_links=set(), static_content={},
                           localsiteurl=self.settings["SITEURL"])
            generators = [cls(context=context, settings=self.settings, path=self.path, theme=self.theme,
                              output_path=self.output_path) for cls in self._get_generator_classes()]
            for gen in generators:
                if hasattr(gen, "generate_context"):
                    gen.generate_context()
            signals.all_generators_finalized.send(generators)

    # A build keeps every document, record and page of the archive alive at
    # once; collecting the youngest objects every 700 allocations (Python's
    # default) costs a 10,000-report build about a tenth of its reading time.
    gc.set_threshold(200_000, 50, 1000)
    if check_only:
        settings["SAFE_BUILD_LAST_FOLDERS"] = False  # nothing is written: no folder is made
    try:
        wanted = list(settings["PLUGINS"])  # Pelican drops the ones it cannot load from the setting
        pelican = (CheckOnly if check_only else Pelican)(settings)
        # Pelican logs a plugin that fails to import and builds without it:
        # a site without its search index or its checks is not a site we publish.
        loaded = {plugin.__name__ for plugin in pelican.plugins}
        missing = [name for name in wanted if name not in loaded]
        if missing:
            raise PluginMissing(f"plugin {', '.join(missing)} tidak dapat dimuat (lihat pesan di atas); situs tidak "
                                "dibangun. Perbaikan: jalankan `.venv/bin/pip install -r requirements.txt` dan periksa "
                                "PLUGINS di pelicanconf.py")
        pelican.run()
    except Exception as err:  # every failure ends as one clear line, never a traceback
        if not getattr(err, "exitcode", None):
            logging.getLogger("tasks").exception("build gagal: %s", err)
        print(f"GALAT: {err}", file=sys.stderr)
        sys.exit(1)


def _run_apart(settings) -> None:
    """_run in a forked process that leaves without freeing its memory object by
    object: a 10,000-report build holds half a GiB of small objects, and the
    interpreter took 1.4 s to tear them down after the site was in place. The
    child runs the exit handlers (safe_build's cleanup, multiprocessing's)
    before it leaves; its exit code is this process's. Where there is no fork,
    _run runs here."""
    if not hasattr(os, "fork"):
        return _run(settings)
    import atexit
    import signal

    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _run(settings)
            code = 0
        except SystemExit as leaving:
            code = leaving.code if isinstance(leaving.code, int) else 1
            if isinstance(leaving.code, str):
                print(leaving.code, file=sys.stderr)
        except KeyboardInterrupt:
            code = 130
        finally:
            try:
                atexit._run_exitfuncs()  # what a normal exit would run; heap teardown skipped
                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    # Ctrl-C reaches both processes: the child stops the build, this one waits for it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        signal.signal(signal.SIGINT, previous)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # ended by a signal (the kernel's out-of-memory killer, say): it could neither say why nor clean up
        _project_modules()
        from safe_build import remove_later, staging_path

        remove_later(staging_path(settings["OUTPUT_PATH"], pid))
        sys.exit(f"GALAT: proses build dihentikan oleh sinyal {signal.Signals(-code).name}; situs tidak diubah")
    if code:
        sys.exit(code)


@task(help={
    "output": "folder for the site (default: output/)",
    "content": "content folder to build (default: content/)",
    "siteurl": "absolute site address, e.g. https://org.github.io/portal (default: root-relative links)",
    "verbose": "show Pelican's progress messages",
    "settings-file": "settings to build with (default: pelicanconf.py; publishconf.py for production)",
})
def build(c, output=None, content=None, siteurl=None, verbose=False, settings_file=SETTINGS):
    """Build the site into output/; on any content error stop and keep the previous output."""
    _setup_logging(verbose)
    settings = _settings(settings_file, content, output, siteurl)
    _run_apart(settings)
    print(f"Situs dibangun di {settings['OUTPUT_PATH']}")


@task(help={
    "content": "content folder to check (default: content/)",
    "format": "text (default) or github: GitHub Actions annotations on the lines at fault",
})
def check(c, content=None, format="text"):
    """Check all content (fields, dates, references) without building; exit 1 on problems."""
    if format not in ("text", "github"):
        sys.exit(f"GALAT: --format {format} tidak dikenal; pilih text atau github")
    _setup_logging(False, format)
    settings = _settings(SETTINGS, content, None, None)
    settings["AGENCY_LINKS_HINTS"] = True  # editors get hints about unknown agency names here
    settings["LOAD_CONTENT_CACHE"] = False  # read every file: warnings of unchanged files too
    settings["IMAGES_DRAW_CARDS"] = False  # a check writes nothing: no social card is drawn
    _run(settings, check_only=True)
    print("Konten valid: tidak ada masalah.")


@task(help={
    "port": "port to serve on (default 8000)", "host": "address to listen on",
    "content": "content folder (default: content/)", "output": "folder to build into and serve (default: output/)",
})
def serve(c, port=8000, host="127.0.0.1", content=None, output=None):
    """Build, serve output/ on http://127.0.0.1:8000 and rebuild + reload the browser on every edit."""
    from livereload import Server

    content_dir = Path(content or ROOT / "content").resolve()
    output_dir = Path(output or ROOT / "output").resolve()
    command = f"{sys.executable} -m invoke build --content {content_dir} --output {output_dir}"

    def rebuild():
        # A separate process per build: a content error prints here and the
        # last good output/ keeps being served (safe_build never half-writes it).
        c.run(command, warn=True, pty=False)

    rebuild()
    server = Server()
    # Folders are watched recursively (reports sit in content/berita/<year>/).
    for path in (content_dir, ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"):
        server.watch(str(path), rebuild, delay=1)
    server.serve(root=str(output_dir), host=host, port=int(port), open_url_delay=None)


@task(help={
    "title": "judul berita", "organizer": "slug instansi penyelenggara", "start": "tanggal mulai TTTT-BB-HH",
    "end": "tanggal selesai (opsional)", "place": "tempat kegiatan", "region": "slug wilayah kegiatan",
    "content": "content folder (default: content/)",
})
def new(c, title, organizer, start, place, region, end=None, content=None):
    """Create a new report in content/berita/<year>/ with its front matter filled in."""
    from unidecode import unidecode

    if not re.match(r"^\d{4}-\d{2}-\d{2}$", start):
        sys.exit(f"GALAT: --start '{start}' bukan tanggal; tulis TTTT-BB-HH, misalnya 2026-03-10.")
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(title).lower()).strip("-")
    path = Path(content or ROOT / "content") / "berita" / start[:4] / f"{slug}.md"
    if path.exists():
        sys.exit(f"GALAT: {path} sudah ada; pilih judul lain atau sunting berkas itu.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"date: {start} 12:00  # tanggal terbit\n"
        "summary:  # WAJIB: ringkasan satu atau dua kalimat, untuk daftar berita dan pencarian\n"
        "category: Rapat Koordinasi\n"
        "tags: []\n"
        "event:\n"
        f"  start: {start}  # hari pertama kegiatan\n"
        f"  end: {end or start}  # hari terakhir kegiatan\n"
        f"  place: {json.dumps(place, ensure_ascii=False)}\n"
        f"  region: {region}  # slug wilayah di content/wilayah/\n"
        f"organizer: {organizer}  # slug instansi penyelenggara di content/instansi/\n"
        "participants: []  # slug instansi peserta\n"
        "officials: []  # - name: ..., position: ..., agency: ..., role: ...\n"
        "programs: []  # slug program di content/program/\n"
        "---\n\n"
        "Tulis isi berita di sini.\n",
        encoding="utf-8",
    )
    print(f"Berita baru: {path}\nIsi ringkasan (summary) dan isi berita, lalu jalankan `invoke check`.")


def _load_portal(content: str | None):
    """Read and check all content as `invoke check` does; return the model."""
    _project_modules()
    from content_model import portal_ready

    captured = {}

    def keep(portal, generators):
        captured["portal"] = portal

    portal_ready.connect(keep)
    _run(_settings(SETTINGS, content, None, None), check_only=True)
    return captured["portal"]


@task(name="import", help={
    "file": "the press release as text (default: standard input)",
    "content": "content folder (default: content/)",
    "stdout": "print the draft instead of writing it",
})
def import_(c, file="-", content=None, stdout=False):
    """Turn a press release (text copied from a government site) into a draft report; guesses are marked."""
    _project_modules()
    from press_import.clean import clean
    from press_import.draft import render, slugify
    from press_import.extract import Directory, extract

    _setup_logging(False)
    portal = _load_portal(content)
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    draft = extract(clean(text), Directory(portal))
    result = render(draft)
    if stdout:
        print(result, end="")
        return
    year = draft.event_start.value.year if draft.event_start else "tanpa-tahun"
    name = slugify(draft.title.value) if draft.title else f"draf-{Path(file).stem if file != '-' else 'impor'}"
    path = Path(content or ROOT / "content") / "berita" / str(year) / f"{name}.md"
    if path.exists():
        sys.exit(f"GALAT: {path} sudah ada; sunting berkas itu atau hapus dulu.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result, encoding="utf-8")
    guesses = result.count("TEBAKAN")
    missing = result.count("WAJIB")
    print(f"Draf berita: {path}\n{guesses} isian ditebak (ditandai TEBAKAN) dan {missing} isian wajib belum ada "
          "(ditandai WAJIB). Periksa semuanya, hapus tanda itu, lalu jalankan `invoke check`.")


@task(help={"k": "only run tests matching this expression", "x": "stop at the first failure"})
def test(c, k=None, x=False):
    """Run the whole test suite (pytest)."""
    args = ["-m", "pytest"] + (["-k", k] if k else []) + (["-x"] if x else [])
    c.run(" ".join([sys.executable, *args]), pty=False)


GATES = ("markup", "links", "budgets", "a11y", "reproducible")


def _check_site(output: str, siteurl: str, settings_file: str, skip=()) -> int:
    """Run every gate over a built site; print one line per problem; return their number."""
    import subprocess
    import tempfile

    _project_modules()
    from site_checks import Site, a11y, budgets, links, markup, reproducible

    site = Site(Path(output).resolve(), siteurl.rstrip("/"))
    modules = {"markup": markup, "links": links, "budgets": budgets, "a11y": a11y, "reproducible": reproducible}
    total = 0
    for name in GATES:
        if name in skip:
            print(f"gerbang {name}: dilewati")
            continue
        if name == "reproducible":
            with tempfile.TemporaryDirectory() as tmp:
                args = [sys.executable, "-m", "invoke", "build", "--settings-file", settings_file, "--output", f"{tmp}/out"]
                if settings_file == SETTINGS:
                    args += ["--siteurl", siteurl]
                again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
                problems = ([site.problem(site.root / "index.html", name, "build kedua gagal: " + again.stderr.strip()[-300:],
                                          "jalankan invoke build dan perbaiki galatnya")]
                            if again.returncode else reproducible.check(site, Path(tmp) / "out"))
        else:
            problems = modules[name].check(site)
        for problem in problems:
            print(f"GALAT: gerbang {name}: {problem}", file=sys.stderr)
        print(f"gerbang {name}: {'lulus' if not problems else f'{len(problems)} masalah'} ({len(site.pages)} halaman)")
        total += len(problems)
    return total


@task(help={
    "output": "built site to check (default: output/)",
    "siteurl": "the SITEURL it was built with (default: root-relative links)",
    "skip": "comma-separated gates to skip: " + ", ".join(GATES),
})
def check_site(c, output="output", siteurl="", skip=""):
    """Run the quality gates over a built site: links, markup, budgets, accessibility, reproducibility."""
    problems = _check_site(output, siteurl, SETTINGS, [g for g in skip.split(",") if g])
    if problems:
        sys.exit(f"GALAT: {problems} masalah; situs tidak layak terbit")
    print("Semua gerbang lulus.")


@task(help={"output": "folder for the site (default: output/)"})
def publish(c, output=None):
    """Build for production with publishconf.py (PORTAL_SITEURL=https://... in the environment), then run every gate."""
    _setup_logging(False)
    settings = _settings(PUBLISH_SETTINGS, None, output, None)
    _run_apart(settings)
    print(f"Situs produksi dibangun di {settings['OUTPUT_PATH']} untuk {settings['SITEURL']}")
    problems = _check_site(settings["OUTPUT_PATH"], settings["SITEURL"], PUBLISH_SETTINGS)
    if problems:
        sys.exit(f"GALAT: {problems} masalah pada gerbang mutu; situs tidak boleh dipublikasikan")
    print("Semua gerbang lulus: situs siap dipublikasikan.")


BENCH_PARTS = {"scale": "Whole build at scale", "agency_links": "Agency linking", "images": "Images", "search": "Search index"}


@task(help={
    "part": "which benchmark: " + ", ".join(BENCH_PARTS) + " or all (default)",
    "reports": "size of the synthetic corpus (default 2000)",
})
def bench(c, part="all", reports=2000):
    """Run the benchmarks, print their tables and record them in docs/performance.md."""
    import importlib
    import platform

    _project_modules()
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text(encoding="utf-8")
    for name in BENCH_PARTS if part == "all" else [part]:
        if name not in BENCH_PARTS:
            sys.exit(f"GALAT: no benchmark part '{name}'; choose from {', '.join(BENCH_PARTS)}")
        table = importlib.import_module(f"benchmarks.{name}").run(reports=int(reports))
        # A part measured at several sizes has a section per size ("scale-10000").
        marker = f"{name}-{reports}" if f"<!-- bench:{name}-{reports} -->" in text else name
        section = (f"<!-- bench:{marker} -->\nMeasured with `invoke bench --part {name} --reports {reports}` "
                   f"on {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores.\n\n"
                   f"{table}\n<!-- /bench:{marker} -->")
        print(f"## {BENCH_PARTS[name]}\n\n{table}\n")
        text = re.sub(rf"<!-- bench:{marker} -->.*?<!-- /bench:{marker} -->", lambda _: section, text, flags=re.S)
    doc.write_text(text, encoding="utf-8")
    print(f"Dicatat di {doc.relative_to(ROOT)}")


@task
def clean(c):
    """Remove output/ and build leftovers."""
    for path in [ROOT / "output", *ROOT.glob(".output.staging-*"), ROOT / "cache"]:
        shutil.rmtree(path, ignore_errors=True)
    print("Bersih.")
