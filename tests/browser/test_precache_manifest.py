"""The service worker's precache manifest must match the app's files (no browser needed)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_precache_manifest_is_up_to_date():
    result = subprocess.run([sys.executable, "scripts/build-sw-manifest.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_precache_manifest_lists_the_app_shell_and_not_the_api_docs():
    text = (ROOT / "pwa" / "precache-manifest.js").read_text(encoding="utf-8")
    for url in ("/index.html", "/js/app.js", "/css/app.css", "/manifest.webmanifest",
                "/vendor/idb/index.js", "/icons/icon-192.png"):
        assert f"['{url}', 'sha256-" in text
    assert "/vendor/swagger-ui/" not in text and "/api-docs/" not in text and "'/sw.js'" not in text
