@echo off
rem AFTM launcher for Windows, as ./aftm is for Unix: builds the application when its sources are
rem newer than the build, then runs it. Build output goes to stderr so that stdout stays the
rem command's own (e.g. aftm trades --json).
setlocal EnableExtensions DisableDelayedExpansion
set "root=%~dp0"
if "%root:~-1%"=="\" set "root=%root:~0,-1%"
set "jar=%root%\aftm-app\target\aftm-app-0.1.0-SNAPSHOT.jar"
set "lib=%root%\aftm-app\target\lib"

rem Any source, resource or pom newer than the jar means a rebuild (PowerShell compares the times).
set "build=0"
if not exist "%jar%" set "build=1"
if not exist "%lib%\" set "build=1"
if "%build%"=="0" (
  powershell -NoProfile -NonInteractive -Command ^
    "$jar = (Get-Item -LiteralPath $env:jar).LastWriteTimeUtc;" ^
    "$newer = Get-ChildItem -LiteralPath $env:root -Recurse -File -Include *.java,pom.xml -ErrorAction SilentlyContinue |" ^
    "  Where-Object { $_.FullName -notmatch '\\(target|\.git)\\' -and $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1;" ^
    "$resources = Get-ChildItem -LiteralPath $env:root -Recurse -File -ErrorAction SilentlyContinue |" ^
    "  Where-Object { $_.FullName -match '\\src\\main\\resources\\' -and $_.FullName -notmatch '\\target\\' -and $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1;" ^
    "if ($newer -or $resources) { exit 1 } else { exit 0 }"
  if errorlevel 1 set "build=1"
)
if "%build%"=="1" (
  echo aftm: building ^(first run or sources changed^)... 1>&2
  pushd "%root%"
  call "%root%\mvnw.cmd" -q -B -DskipTests -pl aftm-app -am install 1>&2
  if errorlevel 1 (
    popd
    exit /b 1
  )
  popd
)

rem The main process runs with a bounded heap, and exits on running out of it rather than limping on
rem (its children follow it within seconds; a restart starts clean). AFTM_JAVA_OPTS with its own
rem -Xmx wins.
set "java_opts=%AFTM_JAVA_OPTS%"
set "heap=0"
if defined java_opts (
  echo( %java_opts% | findstr /c:" -Xmx" /c:"MaxHeapSize=" /c:"MaxRAMPercentage=" >nul && set "heap=1"
)
if "%heap%"=="0" set "java_opts=-Xmx512m %java_opts%"
echo( %java_opts% | findstr /c:"OutOfMemoryError" >nul || set "java_opts=-XX:+ExitOnOutOfMemoryError %java_opts%"

rem No umask on Windows: the Java side creates AFTM's files owner-only itself (see the README).
java %java_opts% -cp "%jar%;%lib%\*" org.aftm.app.cli.AftmCli %*
exit /b %ERRORLEVEL%
