import rule from '../../../src/rules/logs/gc-forced-cycles.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

const GC = recorded('gctrace-go1.21.txt');

logRuleTester(rule, {
  valid: [{ name: 'one forced cycle', log: GC }],
  invalid: [{ name: 'forced every time', log: GC.replace(/ 2 P$/gm, ' 2 P (forced)'), findings: [{ line: 1, column: 1, message: '8 of 8 GC cycles were forced by the program' }] }],
});
