// Validate xAPI statements with Learning Locker's validator (npm @learninglocker/xapi-validation).
// Reads a JSON array of statements on stdin; prints a JSON array with one list of
// problems ("path: message") per statement.
"use strict";
const validate = require("@learninglocker/xapi-validation").default;

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const problems = JSON.parse(input).map((statement) =>
    validate(statement).map((w) => `${w.path.join(".")}: ${w.name} ${w.message} (${JSON.stringify(w.data)})`)
  );
  process.stdout.write(JSON.stringify(problems));
});
