/**
 * An incremental check that streamed tool-call arguments are still the beginning of one JSON
 * object. Fragments are fed as they arrive; `accept` says how much of a fragment keeps the text
 * a valid prefix, so the stream translator can forward exactly that and never send an Anthropic
 * client `input_json_delta` text that cannot become JSON (the Anthropic SDK fails the whole
 * stream on it). Linear in the input: every character is looked at once.
 */

type Mode =
  | 'start' // before the top-level object
  | 'value' // a value is required (after `:` or `,` in an array)
  | 'valueOrEnd' // just after `[`
  | 'key' // a key is required (after `,` in an object)
  | 'keyOrEnd' // just after `{`
  | 'colon'
  | 'afterValue'
  | 'string'
  | 'number'
  | 'literal'
  | 'done'; // the top-level object is complete: only whitespace may follow

/**
 * Where inside a number the scanner is (RFC 8259 section 6:
 * `[ minus ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ( "e" / "E" ) [ "-" / "+" ] 1*digit ]`).
 * Only a character that extends the number into a prefix of a valid one is accepted, so `1-`,
 * `01`, `1.e5` or `1e+-` stop at the offending character instead of being forwarded.
 */
type NumberPart = 'minus' | 'zero' | 'integer' | 'dot' | 'fraction' | 'exponentMark' | 'exponentSign' | 'exponent';

/** The parts after which the number may end (the next character then belongs to what follows). */
const completeNumberParts = new Set<NumberPart>(['zero', 'integer', 'fraction', 'exponent']);

const whitespace = new Set([' ', '\t', '\n', '\r']);

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** The part after `char` extends a number at `part`, or undefined when `char` cannot extend it. */
function extendNumber(part: NumberPart, char: string): NumberPart | undefined {
  const digit = isDigit(char);
  const exponentMark = char === 'e' || char === 'E';
  switch (part) {
    case 'minus':
      return char === '0' ? 'zero' : digit ? 'integer' : undefined;
    case 'zero':
      return char === '.' ? 'dot' : exponentMark ? 'exponentMark' : undefined;
    case 'integer':
      return digit ? 'integer' : char === '.' ? 'dot' : exponentMark ? 'exponentMark' : undefined;
    case 'dot':
      return digit ? 'fraction' : undefined;
    case 'fraction':
      return digit ? 'fraction' : exponentMark ? 'exponentMark' : undefined;
    case 'exponentMark':
      return char === '+' || char === '-' ? 'exponentSign' : digit ? 'exponent' : undefined;
    case 'exponentSign':
    case 'exponent':
      return digit ? 'exponent' : undefined;
  }
}

export class JsonPrefixScanner {
  #mode: Mode = 'start';
  /** Open containers, innermost last. */
  readonly #stack: Array<'object' | 'array'> = [];
  #stringIsKey = false;
  #escape = false;
  #unicodeDigits = 0;
  #numberPart: NumberPart = 'minus';
  #literalRest = '';

  /** True once the top-level object is closed: only whitespace may follow. */
  get isComplete(): boolean {
    return this.#mode === 'done';
  }

  /** Feeds `fragment`; returns how many of its characters keep the text a valid prefix. */
  accept(fragment: string): number {
    for (let index = 0; index < fragment.length; index++) {
      if (!this.#step(fragment[index]!)) return index;
    }
    return fragment.length;
  }

  #step(char: string): boolean {
    switch (this.#mode) {
      case 'string':
        return this.#stringChar(char);
      case 'number':
        return this.#numberChar(char);
      case 'literal':
        if (char !== this.#literalRest[0]) return false;
        this.#literalRest = this.#literalRest.slice(1);
        if (this.#literalRest === '') this.#mode = 'afterValue';
        return true;
      default:
        return whitespace.has(char) || this.#structural(char);
    }
  }

  #structural(char: string): boolean {
    switch (this.#mode) {
      case 'start':
        return char === '{' && this.#open('object');
      case 'keyOrEnd':
        if (char === '}') return this.#close('object');
        return this.#startKey(char);
      case 'key':
        return this.#startKey(char);
      case 'colon':
        if (char !== ':') return false;
        this.#mode = 'value';
        return true;
      case 'valueOrEnd':
        if (char === ']') return this.#close('array');
        return this.#startValue(char);
      case 'value':
        return this.#startValue(char);
      case 'afterValue':
        return this.#afterValue(char);
      default:
        return false; // 'done': nothing but whitespace may follow the object
    }
  }

  #startKey(char: string): boolean {
    if (char !== '"') return false;
    this.#mode = 'string';
    this.#stringIsKey = true;
    return true;
  }

  #startValue(char: string): boolean {
    if (char === '{') return this.#open('object');
    if (char === '[') return this.#open('array');
    if (char === '"') {
      this.#mode = 'string';
      this.#stringIsKey = false;
      return true;
    }
    if (char === '-' || isDigit(char)) {
      this.#mode = 'number';
      this.#numberPart = char === '-' ? 'minus' : char === '0' ? 'zero' : 'integer';
      return true;
    }
    const literal = char === 't' ? 'rue' : char === 'f' ? 'alse' : char === 'n' ? 'ull' : undefined;
    if (literal === undefined) return false;
    this.#mode = 'literal';
    this.#literalRest = literal;
    return true;
  }

  #numberChar(char: string): boolean {
    const next = extendNumber(this.#numberPart, char);
    if (next !== undefined) {
      this.#numberPart = next;
      return true;
    }
    if (!completeNumberParts.has(this.#numberPart)) return false;
    this.#mode = 'afterValue';
    return this.#step(char);
  }

  #afterValue(char: string): boolean {
    const container = this.#stack.at(-1);
    if (char === ',') {
      this.#mode = container === 'object' ? 'key' : 'value';
      return true;
    }
    if (char === '}') return this.#close('object');
    if (char === ']') return this.#close('array');
    return false;
  }

  #stringChar(char: string): boolean {
    if (this.#unicodeDigits > 0) {
      if (!/[0-9a-fA-F]/.test(char)) return false;
      this.#unicodeDigits--;
      return true;
    }
    if (this.#escape) {
      this.#escape = false;
      if (char === 'u') this.#unicodeDigits = 4;
      else if (!'"\\/bfnrt'.includes(char)) return false;
      return true;
    }
    if (char === '\\') this.#escape = true;
    else if (char === '"') this.#mode = this.#stringIsKey ? 'colon' : 'afterValue';
    else if (char < ' ') return false; // raw control characters are not allowed in JSON strings
    return true;
  }

  #open(container: 'object' | 'array'): boolean {
    this.#stack.push(container);
    this.#mode = container === 'object' ? 'keyOrEnd' : 'valueOrEnd';
    return true;
  }

  #close(container: 'object' | 'array'): boolean {
    if (this.#stack.at(-1) !== container) return false;
    this.#stack.pop();
    this.#mode = this.#stack.length === 0 ? 'done' : 'afterValue';
    return true;
  }
}
