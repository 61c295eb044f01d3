# Builds the Windows installer in one command, from the repository root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs: Python 3.11 (64-bit) on PATH and Inno Setup 6 (iscc.exe) installed.
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $root
python -m venv .venv-win
.\.venv-win\Scripts\python -m pip install --upgrade pip
.\.venv-win\Scripts\python -m pip install -r requirements-build.txt
.\.venv-win\Scripts\python scripts\i18n.py compile
# The user guide PDF (docs folder) that the build ships; the spec refuses to build without it.
.\.venv-win\Scripts\python -m desk.reports.guide
.\.venv-win\Scripts\pyinstaller --noconfirm --distpath dist --workpath build packaging\federation-desk.spec
$version = (.\.venv-win\Scripts\python -c "from desk.version import __version__; print(__version__)").Trim()
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "iscc" }
& $iscc "/DAppVersion=$version" packaging\windows\federation-desk.iss
Write-Host "Installer: dist\FederationDesk-$version-setup.exe"
