/*
 * Lexer for the HCL2 native syntax (hashicorp/hcl, hclsyntax/spec.md, "Lexical Elements" and "Templates").
 *
 * Four modes:
 *   DEFAULT_MODE  structure and expressions (also inside "${ }" and "%{ }");
 *   QUOTED        the contents of a quoted template "...";
 *   HEREDOC       the contents of a heredoc <<EOF ... EOF;
 *   TEMPLATE      a bare template (the whole input is template text, for Terraform's JSON syntax).
 *
 * Newlines are tokens (NL) only where they separate things: in bodies and in object constructors. Inside
 * ( ), [ ], "${ }", "%{ }" and a "{for ...}" expression they are skipped. HclLexerBase keeps the stack of
 * open brackets that decides this, and the stack of heredoc markers.
 */
lexer grammar HclLexer;

options { superClass = HclLexerBase; }

tokens { TEXT, NEWLINE_TEXT, ESCAPED_INTRO, INTERP_OPEN, INTERP_OPEN_STRIP, DIRECTIVE_OPEN, DIRECTIVE_OPEN_STRIP }

// ---------------------------------------------------------------- DEFAULT_MODE

NUMBER : DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)? ;

// Contextual keywords: the parser accepts them as names wherever a name is expected.
FOR    : 'for' ;
IN     : 'in' ;
IF     : 'if' ;
ELSE   : 'else' ;
ENDIF  : 'endif' ;
ENDFOR : 'endfor' ;
TRUE   : 'true' ;
FALSE  : 'false' ;
NULL   : 'null' ;

IDENT : ID_START ID_CONTINUE* ;

HEREDOC_START : '<<' '-'? ID_START ID_CONTINUE* '\r'? '\n' { startHeredoc(); } ;

LBRACE      : '{' { openBrace(); } ;
RBRACE      : '}' { closeBrace(false); } ;
STRIP_CLOSE : '~}' { closeBrace(true); } ;
LPAREN      : '(' { open(Bracket.PAREN); } ;
RPAREN      : ')' { close(Bracket.PAREN); } ;
LBRACK      : '[' { open(Bracket.BRACKET); } ;
RBRACK      : ']' { close(Bracket.BRACKET); } ;

EQ        : '==' ;
NE        : '!=' ;
LE        : '<=' ;
GE        : '>=' ;
AND       : '&&' ;
OR        : '||' ;
FAT_ARROW : '=>' ;
ELLIPSIS  : '...' ;
DCOLON    : '::' ;
ASSIGN    : '=' ;
LT        : '<' ;
GT        : '>' ;
PLUS      : '+' ;
MINUS     : '-' ;
STAR      : '*' ;
SLASH     : '/' ;
PERCENT   : '%' ;
BANG      : '!' ;
QUESTION  : '?' ;
COLON     : ':' ;
COMMA     : ',' ;
DOT       : '.' ;

QUOTE : '"' { openQuote(); } ;

NL : '\r'? '\n' { newline(); } ;

WS : [ \t]+ -> skip ;

// A line comment stops before its newline, which is then an NL token: "equivalent to a newline sequence".
LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip ;

BLOCK_COMMENT : '/*' .*? '*/' -> skip ;

UNCLOSED_BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF { unclosedComment(); } ;

BAD_CHAR : . { badCharacter(); } ;

// ---------------------------------------------------------------- QUOTED

mode QUOTED;

Q_TEXT         : ~["\\$%\r\n]+ -> type(TEXT) ;
ESCAPE         : '\\' ([nrt"\\] | 'u' HEX HEX HEX HEX | 'U' HEX HEX HEX HEX HEX HEX HEX HEX) ;
Q_BAD_ESCAPE   : '\\' { badEscape(); } ;
Q_INTRO        : ('$${' | '%%{') -> type(ESCAPED_INTRO) ;
Q_INTERP       : '${' { openSequence(Bracket.INTERP, INTERP_OPEN); } ;
Q_INTERP_STRIP : '${~' { openSequence(Bracket.INTERP, INTERP_OPEN_STRIP); } ;
Q_DIR          : '%{' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN); } ;
Q_DIR_STRIP    : '%{~' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN_STRIP); } ;
Q_LONE         : [$%] -> type(TEXT) ;
QUOTE_CLOSE    : '"' { closeQuote(); } ;
Q_NEWLINE      : '\r'? '\n' { unterminatedString(); } ;
Q_BAD_CHAR     : . { badCharacter(); } ;

// ---------------------------------------------------------------- HEREDOC

mode HEREDOC;

// The closing marker: only where a line holds the marker and nothing else (spaces aside); the predicate
// looks at the whole line. Listed first so that it wins over H_TEXT for the same text.
HEREDOC_END    : { heredocEndAhead() }? [ \t]* ID_START ID_CONTINUE* [ \t]* { endHeredoc(); } ;
H_TEXT         : ~[$%\r\n]+ -> type(TEXT) ;
H_NEWLINE      : '\r'? '\n' -> type(NEWLINE_TEXT) ;
H_INTRO        : ('$${' | '%%{') -> type(ESCAPED_INTRO) ;
H_INTERP       : '${' { openSequence(Bracket.INTERP, INTERP_OPEN); } ;
H_INTERP_STRIP : '${~' { openSequence(Bracket.INTERP, INTERP_OPEN_STRIP); } ;
H_DIR          : '%{' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN); } ;
H_DIR_STRIP    : '%{~' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN_STRIP); } ;
H_LONE         : [$%] -> type(TEXT) ;
H_BAD_CHAR     : . { badCharacter(); } ;

// ---------------------------------------------------------------- TEMPLATE (bare)

mode TEMPLATE;

T_TEXT         : ~[$%\r\n]+ -> type(TEXT) ;
T_NEWLINE      : '\r'? '\n' -> type(NEWLINE_TEXT) ;
T_INTRO        : ('$${' | '%%{') -> type(ESCAPED_INTRO) ;
T_INTERP       : '${' { openSequence(Bracket.INTERP, INTERP_OPEN); } ;
T_INTERP_STRIP : '${~' { openSequence(Bracket.INTERP, INTERP_OPEN_STRIP); } ;
T_DIR          : '%{' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN); } ;
T_DIR_STRIP    : '%{~' { openSequence(Bracket.DIRECTIVE, DIRECTIVE_OPEN_STRIP); } ;
T_LONE         : [$%] -> type(TEXT) ;
T_BAD_CHAR     : . { badCharacter(); } ;

// ---------------------------------------------------------------- fragments

fragment DIGIT       : [0-9] ;
fragment HEX         : [0-9a-fA-F] ;
fragment ID_START    : [\p{ID_Start}_] ;
fragment ID_CONTINUE : [\p{ID_Continue}\-] ;
