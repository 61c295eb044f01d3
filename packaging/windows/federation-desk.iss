; Inno Setup script for Federation Desk (妇联工作台). Built by packaging/windows/build.ps1, which
; passes the version: iscc /DAppVersion=0.1.0 packaging\windows\federation-desk.iss
; Saved as UTF-8 with a byte-order mark: Inno Setup reads a script without one in the ANSI code
; page, which turns the Chinese names into question marks.
; `make package-windows-check` compiles it on Linux under Wine against the one-folder build with
; /DSourceDir=... /DExeName=federation-desk /DOutputDir=... and installs the result (packaging/windows/check.sh).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\federation-desk"
#endif
#ifndef ExeName
  #define ExeName "federation-desk.exe"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{7C3E0B52-5D8A-4E7B-9C43-1F0C2A6D9E11}
AppName=妇联工作台 Federation Desk
AppVersion={#AppVersion}
AppPublisher=Federation Desk
DefaultDirName={autopf}\FederationDesk
DefaultGroupName=妇联工作台
; Upgrading in place: the same AppId finds the old installation and replaces its files.
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
OutputDir={#OutputDir}
OutputBaseFilename=FederationDesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\federation-desk.ico
UninstallDisplayIcon={app}\{#ExeName}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Languages]
; Inno Setup 6.4 has no official Simplified Chinese file: ours (ChineseSimplified.isl, next to
; this script) is loaded over the English defaults, so any message it lacks stays readable.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "shareddata"; Description: "所有用户共用一个数据文件夹（C:\ProgramData\FederationDesk） / One data folder for all users"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\FederationDesk"; Tasks: shareddata; Permissions: users-modify

[Icons]
Name: "{group}\妇联工作台"; Filename: "{app}\{#ExeName}"
Name: "{group}\卸载妇联工作台"; Filename: "{uninstallexe}"
Name: "{autodesktop}\妇联工作台"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Registry]
; The per-machine data folder choice: the program reads DESK_DATA_DIR.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "DESK_DATA_DIR"; ValueData: "{commonappdata}\FederationDesk"; Tasks: shareddata; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,妇联工作台}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Program files only. The database, backups and logs live in the data folder and are kept,
; unless the user asks for them to go (see [Code]).

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\FederationDesk');
    if DirExists(DataDir) then
      if MsgBox('是否同时删除本机上的妇联工作台数据（数据库、备份、日志）？' + #13#10 +
                '选择“否”将保留数据，重新安装后可继续使用。', mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
