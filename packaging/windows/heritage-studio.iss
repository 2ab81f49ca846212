; Inno Setup 6 script: the Windows installer for the bundle built by packaging\windows\studio.spec.
; Build on Windows (docs/packaging.md), from the repository root:
;   iscc packaging\windows\heritage-studio.iss
; -> dist\HeritageStudio-<version>-setup.exe
; The version is not written here: it is read from studio.exe's version resource, which the spec
; fills from studio/__init__.py, so the installer can never disagree with `studio --version`.

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist\heritage-studio"
#endif
#define AppExe "HeritageStudio.exe"
#define AppVersion GetStringFileInfo(DistDir + "\studio.exe", "ProductVersion")
#if AppVersion == ""
  #error dist\heritage-studio\studio.exe is missing or has no version: build packaging\windows\studio.spec first
#endif

[Setup]
; AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6F0C2B8E-4A1D-4C57-9E3B-2D8A51C7E940}
AppName=Heritage Studio
AppVersion={#AppVersion}
AppVerName=Heritage Studio {#AppVersion}
AppPublisher=Heritage Studio
VersionInfoVersion={#GetVersionNumbersString(DistDir + "\studio.exe")}
VersionInfoProductVersion={#AppVersion}
DefaultDirName={autopf}\Heritage Studio
DefaultGroupName=Heritage Studio
DisableProgramGroupPage=yes
; Per-user install by default: embassy laptops often give staff no administrator rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#DistDir}\..
OutputBaseFilename=HeritageStudio-{#AppVersion}-setup
SetupIconFile={#DistDir}\heritage-studio.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile={#DistDir}\LICENSE.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Heritage Studio"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\Heritage Studio"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Heritage Studio}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there: workspaces live in the user's data folder and are kept.
Type: filesandordirs; Name: "{app}\_internal"
