"""The PyInstaller spec, read without running PyInstaller: what it leaves out must stay unused.

Building and running the frozen app is packaging/check_frozen.sh's job (.ci/run runs it); these
checks are the fast part that explains itself when it fails.
"""

import ast
from pathlib import Path

from tests.packaging.conftest import PACKAGING

ROOT = PACKAGING.parent
SPEC = PACKAGING / "broadsheet.spec"


def spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in the spec")


def imported_modules() -> dict[str, str]:
    """Every module our own code imports (module -> first file importing it)."""
    found: dict[str, str] = {}
    for package in ("indexer", "desktop", "resources"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                for name in names:
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_nothing_the_app_imports_is_excluded():
    excludes = spec_list("excludes")
    used = imported_modules()
    clashes = {
        module: where
        for module, where in used.items()
        for excluded in excludes
        if module == excluded or module.startswith(excluded + ".")
    }
    assert not clashes, f"the spec excludes modules the app imports: {clashes}"


def test_the_spec_excludes_the_heavy_unused_qt_modules():
    excludes = set(spec_list("excludes"))
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "tkinter", "pytest"} <= excludes


def test_files_the_spec_names_exist():
    text = SPEC.read_text(encoding="utf-8")
    assert (PACKAGING / "entry.py").is_file() and '"entry.py"' in text
    for icon in ("broadsheet.icns", "broadsheet.ico"):
        assert icon in text and (ROOT / "resources" / "icons" / icon).is_file()
    assert (PACKAGING / "macos" / "entitlements.plist").is_file()


def test_entry_point_calls_freeze_support_before_importing_the_app():
    """Worker processes of a frozen app re-run the executable; freeze_support() must catch them
    before the app (and Qt) start."""
    tree = ast.parse((PACKAGING / "entry.py").read_text(encoding="utf-8"))
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    first = main.body[0]
    assert isinstance(first, ast.Expr) and ast.unparse(first) == "multiprocessing.freeze_support()"
    module_level_imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not any("desktop" in ast.unparse(n) or "PySide6" in ast.unparse(n) for n in module_level_imports)


def test_data_files_are_collected_generically_with_their_folders(tmp_path):
    """Any non-Python file under a package lands in the same folder of the bundle, wherever the
    cleaner or metadata engineers put it; compiled leftovers do not."""
    source = SPEC.read_text(encoding="utf-8")
    function = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "source_data_files")
    namespace = {"ROOT": tmp_path}
    exec(ast.get_source_segment(source, function), namespace)  # noqa: S102 - our own spec
    package = tmp_path / "indexer"
    for name in ("__init__.py", "rules.json", "metadata/outlets.tsv", "metadata/__pycache__/x.cpython-311.pyc", "z.pyc"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x")
    collected = {(Path(src).relative_to(tmp_path).as_posix(), Path(dest).as_posix())
                 for src, dest in namespace["source_data_files"]("indexer")}  # fmt: skip
    assert collected == {("indexer/rules.json", "indexer"), ("indexer/metadata/outlets.tsv", "indexer/metadata")}


def spec_function(name: str, **namespace):
    source = SPEC.read_text(encoding="utf-8")
    function = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    exec(ast.get_source_segment(source, function), namespace)  # noqa: S102 - our own spec
    return namespace[name]


def test_data_of_indirect_dependencies_is_collected_too(tmp_path):
    """A package required by a declared dependency (dateparser, by htmldate) needs its data as
    much as a declared one; test-only and optional extras do not belong in the installer."""
    import tomllib

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["htmldate>=1.9"]\n')
    runtime = spec_function("runtime_distributions", ROOT=tmp_path, tomllib=tomllib)()
    assert {"htmldate", "dateparser", "lxml"} <= runtime
    assert "pytest" not in runtime and "hypothesis" not in runtime


def test_the_real_dependencies_are_all_installed_for_the_freeze():
    import tomllib
    from importlib import metadata

    runtime = spec_function("runtime_distributions", ROOT=ROOT, tomllib=tomllib)()
    assert {"pyside6-essentials", "tantivy", "whoosh-reloaded"} <= runtime
    for name in runtime:
        metadata.distribution(name)  # raises if a dependency is missing from this environment
