"""The install command of references/create.md, run as written in a fresh virtualenv."""

import os
import subprocess
import sys

from checks import shell_blocks


def test_the_install_command_gives_the_pinned_sdk(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    proc = shell_blocks.run(shell_blocks.block("install-the-sdk"), env=env, cwd=tmp_path, timeout_s=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib.metadata as m, inngest.fast_api, fastapi, uvicorn; print(m.version('inngest'))"],
        capture_output=True, text=True, timeout=60,
    )
    assert probe.stdout.strip() == "0.5.19", probe.stderr
