# Sourced by the project's scripts: the project's own Node 24 LTS (the npm package `node`, a
# devDependency) comes first on the PATH, whatever the machine's system Node is. Child processes
# of tests and `npm start` use `process.execPath`, so they run on the same binary.
export PATH="$PWD/node_modules/.bin:$PATH"
case "$(node --version)" in
  v24.*) ;;
  *) echo "[node] Node 24 expected, found $(node --version) — run npm install (the project brings its own Node 24)" >&2; exit 1 ;;
esac
