"""What goes into a Heritage Studio bundle, shared by the Linux, Windows and macOS specs.

PyInstaller sees only static imports. The studio also loads code and files by name at run time
(``studio.cli.cmd_*`` through ``importlib``, adapters and font packages through entry points,
icons, kits and the TLD list beside the code, ffmpeg as a separate program), so each of those is
listed here once, with the reason, instead of being repeated in three spec files.

Imported by the ``*.spec`` files (which PyInstaller runs with this folder's parent on
``sys.path``); it needs PyInstaller, so nothing in ``studio`` imports it.
"""

from __future__ import annotations

import ctypes.util
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
ENTRY = str(PACKAGING / "launch_studio.py")  # `studio`: the CLI (and `studio app`)
GUI_ENTRY = str(PACKAGING / "launch_app.py")  # Windows/macOS windowed program: `studio app`
APP_NAME = "Heritage Studio"
EXE_NAME = "studio"  # the bundle's program: `studio app`, `studio --self-check`, ...
BUNDLE_ID = "org.heritage-studio.HeritageStudio"


def version() -> str:
    """``studio.__version__``, read from the source so that the build needs no import."""
    text = (REPO / "studio" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit('studio/__init__.py has no __version__ = "..." line')
    return match.group(1)


def numeric_version(parts: int = 4) -> tuple[int, ...]:
    """Windows version resources and Info.plist want numbers only: "0.1.0rc1" -> (0, 1, 0, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version().split("+")[0])[:parts]]
    return tuple(numbers + [0] * (parts - len(numbers)))


# --- Python modules --------------------------------------------------------------------------

# Loaded by name at run time, invisible to the import analysis: every command module, every
# adapter and GUI screen. Test-only code lives in tests/, outside the package, so none is taken.
HIDDEN_IMPORTS = [
    *collect_submodules("studio", filter=lambda name: ".tests" not in name),
    "fontpkg_amiri",  # found through the fontpkg.family entry point (studio.core.fonts)
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
]

# Never imported by the app, but reachable through optional imports of its dependencies; each
# would add megabytes (or a whole second GUI toolkit).
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "IPython",
    "matplotlib",
    "scipy",
    "pandas",
    "moviepy",  # a dependency for bench/ and sample tools, not used by the app itself
    "PyQt5",
    "PyQt6",
    "PySide2",
    # Qt modules the app does not use (QtMultimedia stays allowed: if the app starts using it,
    # the analysis picks it up with its plugins).
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DExtras",
    "PySide6.Qt3DAnimation",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtPositioning",
    "PySide6.QtLocation",
    "PySide6.QtSensors",
    "PySide6.QtSerialPort",
    "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtStateMachine",
    "PySide6.QtTextToSpeech",
    "PySide6.QtSpatialAudio",
    "PySide6.QtHttpServer",
    "PySide6.QtNetworkAuth",
    "PySide6.QtNetwork",  # HTTP goes through requests; Qt's network stack is never used
]

# Qt plugins a desktop app on Linux, Windows or macOS never loads, matched against the path in
# the bundle. PyInstaller collects every plugin of a kind; these would also drag in their own
# libraries: the GTK platform theme the whole GTK 3 stack (the studio draws its own style), the
# PDF image format QtPdf, the embedded-Linux platforms (eglfs, linuxfb, vnc) and evdev input.
PRUNE = re.compile(
    r"(^|[\\/])("
    r"(lib)?Qt6?(WebEngine|Quick|Qml|Pdf|3D|Charts|DataVisualization|Graphs|VirtualKeyboard"
    r"|Designer|Help|Sql|Test|Location|Positioning|Sensors|Bluetooth|Nfc|RemoteObjects|Scxml"
    r"|TextToSpeech|SpatialAudio|HttpServer|ShaderTools|EglFS|EglFsKms)[^\\/]*"
    r"|libqgtk3\.so|libqeglfs[^\\/]*|libqlinuxfb\.so|libqvnc\.so|libqvkkhrdisplay\.so"
    r"|libqminimalegl\.so|qpdf[^\\/]*|libqpdf\.so|qtvirtualkeyboard[^\\/]*"
    r")$"
    r"|[\\/]plugins[\\/](egldeviceintegrations|generic)[\\/]",
    re.IGNORECASE,
)
_QM = re.compile(r"[\\/]translations[\\/]qt[a-z_]*?_([a-z]{2})(_[A-Z]{2})?\.qm$")


def _ui_languages() -> frozenset[str]:
    """The interface languages (studio.gui.i18n.UI_LANGUAGES): Qt's own catalogues in other
    languages (about 90 of them, 7 MB) would never be loaded."""
    text = (REPO / "studio" / "gui" / "i18n.py").read_text("utf-8")
    match = re.search(r"^UI_LANGUAGES = \(([^)]*)\)", text, re.M)
    return frozenset(re.findall(r'"([a-z]{2,3})"', match.group(1))) if match else frozenset()


def prune(toc):
    """Drop unused Qt plugins and modules, and Qt catalogues in languages the UI lacks."""
    languages = _ui_languages()
    out = []
    for entry in toc:
        dest = entry[0]
        if PRUNE.search(dest):
            continue
        qm = _QM.search(dest)
        if qm and languages and qm.group(1) not in languages:
            continue
        out.append(entry)
    return out


# Libraries loaded with dlopen by name, so no ELF header names them (see binaries()).
_DLOPENED = ("libfribidi.so",)


def drop_orphan_libraries(toc):
    """Remove system libraries that only a pruned plugin needed (e.g. GTK for the GTK theme).

    PyInstaller resolved each plugin's dependencies before :func:`prune` ran, so the libraries
    it put at the bundle's top level for a dropped plugin are still listed. ``ldd`` gives
    every (transitive) dependency of what remains; a top-level library nobody needs goes.
    Linux only: ELF dependencies and ``ldd``.
    """
    if not sys.platform.startswith("linux"):
        return toc
    import subprocess

    top = [e for e in toc if e[2] == "BINARY" and Path(e[0]).parent == Path(".")]
    rest = [e for e in toc if e not in top]
    needed: set[str] = set()
    for entry in rest:
        if entry[2] not in ("BINARY", "EXTENSION"):
            continue
        out = subprocess.run(["ldd", entry[1]], capture_output=True, text=True, check=False)
        needed.update(line.split()[0] for line in out.stdout.splitlines() if "=>" in line)
    keep_names = needed | {e[0] for e in top if e[0].startswith((*_DLOPENED, "libpython"))}
    for entry in top:  # dependencies of kept top-level libraries
        if entry[0] in keep_names:
            out = subprocess.run(["ldd", entry[1]], capture_output=True, text=True, check=False)
            keep_names.update(ln.split()[0] for ln in out.stdout.splitlines() if "=>" in ln)
    return rest + [e for e in top if e[0] in keep_names]


def strip_debug_info(folder: str | Path) -> int:
    """Strip debug sections, in place, from the bundle's native files that carry them; return
    the bytes saved (22 MB from libpython alone on a pyenv build compiled with ``-g``; PIL,
    regex and PyYAML extensions ship some too).

    Only files that patchelf never touched: PyInstaller's own ``strip=True`` also rewrites the
    libraries auditwheel vendored and patched (``*.libs/``, RPATH set), and numpy's stripped
    OpenBLAS then fails to load ("ELF load command address/offset not page-aligned").
    ``--strip-debug`` keeps the symbol tables, so backtraces still name functions. Run on the
    COLLECT output: libpython reaches the bundle through the EXE, not the Analysis TOC.
    """
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return 0
    import subprocess

    saved = 0
    for path in sorted(Path(folder).rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or not _has_debug_info_unpatched(str(path)):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def _has_debug_info_unpatched(path: str) -> bool:
    import subprocess

    if any(part.endswith(".libs") for part in Path(path).parts):
        return False
    sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True)
    if ".debug_info" not in sections.stdout:
        return False
    # auditwheel points a repaired extension at its vendored libraries: $ORIGIN/../<pkg>.libs
    dynamic = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True)
    return ".libs" not in dynamic.stdout


# --- data files ------------------------------------------------------------------------------


def _tree(src: Path, dest: str) -> list[tuple[str, str]]:
    """(file, destination folder) for every file under ``src``, keeping the layout."""
    out = []
    for path in sorted(src.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            rel = path.parent.relative_to(src)
            out.append((str(path), str(Path(dest) / rel)))
    return out


def _package_data() -> list[tuple[str, str]]:
    """Every non-Python file inside ``studio/`` where the code expects it (next to the module
    that reads it): the TLD list, GUI icons, and compiled translations (``*.qm``) wherever the
    i18n work puts them, so a translation that lands is bundled without touching this file."""
    out = []
    root = REPO / "studio"
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix in (".py", ".pyc", ".pyi", ".ts"):  # .ts: translation sources
            continue
        out.append((str(path), str(Path("studio") / path.parent.relative_to(root))))
    return out


def datas() -> list[tuple[str, str]]:
    out = []
    out += _tree(REPO / "assets", "assets")  # studio.resources.assets_dir()
    out += _tree(REPO / "brand_kits", "brand_kits")  # studio.resources.bundled_kits_dir()
    out += _package_data()
    for top in ("translations", "i18n"):  # compiled catalogues kept beside studio/, if ever
        if (REPO / top).is_dir():
            out += [e for e in _tree(REPO / top, top) if e[0].endswith(".qm")]
    # Entry points are read from distribution metadata: the fontpkg.family fonts, keyring's
    # backends, and the studio's own studio.adapters group (built-in publishing adapters).
    out += copy_metadata("heritage-studio")
    out += copy_metadata("fontpkg-amiri")
    out += collect_data_files("fontpkg_amiri")  # the .ttf files and metadata.json
    return out


def binaries() -> list[tuple[str, str]]:
    """Native libraries loaded with dlopen, which PyInstaller cannot see.

    Pillow's RAQM text layout (Arabic shaping) loads FriBiDi at run time, and no Pillow wheel
    carries it (Pillow's installation docs: "libraqm ... loads libfribidi at runtime if it is
    installed"). An embassy laptop may not have it, so the bundle takes the build machine's
    copy. Linux finds it in the bundle folder (on the library path); Windows through PATH, to
    which PyInstaller's Qt runtime hook prepends the bundle folder; macOS through the preload in
    ``rthook_fribidi.py``.
    """
    if sys.platform.startswith("linux"):
        path = _find_lib(ctypes.util.find_library("fribidi") or "libfribidi.so.0")
        hint = "apt-get install libfribidi0"
    elif sys.platform == "darwin":
        path = _find_lib("libfribidi.0.dylib", ("/opt/homebrew/lib", "/usr/local/lib"))
        hint = "brew install fribidi"
    elif sys.platform == "win32":
        path = ctypes.util.find_library("fribidi-0")  # searches PATH
        hint = "put fribidi-0.dll on PATH (MSYS2 package mingw-w64-ucrt-x86_64-fribidi)"
    else:
        return []
    if path is None:
        raise SystemExit(f"FriBiDi was not found: {hint}, so the bundle can shape Arabic text")
    return [(path, ".")]


_LINUX_LIB_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
                   "/usr/lib", "/lib/x86_64-linux-gnu")  # fmt: skip


def _find_lib(soname: str, folders: Sequence[str] = _LINUX_LIB_DIRS) -> str | None:
    for folder in folders:
        path = Path(folder) / soname
        if path.exists():  # the soname link itself: the bundle must hold that file name
            return str(path)
    return None
