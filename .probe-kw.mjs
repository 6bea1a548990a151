import { DockerfileParser } from 'dockerfile-ast';
import fs from "node:fs"; const text = fs.readFileSync(process.argv[2], "utf8");
const df = DockerfileParser.parse(text);
const r = (x) => x ? `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}` : 'null';
for (const i of df.getInstructions()) {
  console.log(i.constructor.name, JSON.stringify(i.getKeyword()), r(i.getRange()), 'instrRange', r(i.getInstructionRange()), 'argsRange', r(i.getArgumentsRange()));
  console.log('  content', JSON.stringify(i.getArgumentsContent()), 'raw', JSON.stringify(i.getRawArgumentsContent()));
  console.log('  args', i.getArguments().map(a => a.getValue() + '@' + r(a.getRange())).join(' | '));
  if (i.getFlags) console.log('  flags', i.getFlags().map(f => `${f.getName()}=${f.getValue()}@${r(f.getRange())}`).join(' | '));
  if (i.getHeredocs) console.log('  heredocs', i.getHeredocs().map(h => `${h.getName()} start ${r(h.getStartRange())} content ${r(h.getContentRange())} delim ${r(h.getDelimiterRange())}`).join(' | '));
  if (i.getJSONStrings) console.log('  json', i.getJSONStrings().map(j => j.getJSONValue()).join('|'), 'open', i.getOpeningBracket && r(i.getOpeningBracket()?.getRange()));
  if (i.getImage) console.log('  image', i.getImage(), r(i.getImageRange()), 'stage', i.getBuildStage());
}
console.log('comments', df.getComments().map(c => c.getContent() + '@' + r(c.getRange())));
console.log('directives', df.getDirectives().map(c => c.getName() + '=' + c.getValue()));
console.log('escape', df.getEscapeCharacter());
