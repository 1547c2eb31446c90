/*
 * The SQL dialect of Sundial: a PostgreSQL-flavoured subset with time-series extensions.
 * This file is the reference for users; every construct below is documented where it is defined.
 *
 * LEXICAL RULES
 *   - Keywords are case-insensitive: SELECT, select and Select are the same word.
 *   - Unquoted names are folded to lower case (Host and host are the same column); "Double Quoted"
 *     names keep their case and may contain any character ("" stands for one ").
 *   - Most keywords may also be used as names where that is unambiguous, so a column may be called
 *     timestamp, time, value, date, interval, first, last, tag, count, left, … without quoting.
 *     The reserved words, which must be double-quoted to be used as names, are listed in the rule
 *     `reservedWord` at the end of the parser rules.
 *   - Strings are 'single quoted'; '' inside a string stands for one '.
 *   - Numbers: 42 is a BIGINT (a 64-bit integer; a larger literal is an error), 1.5, .5, 1e6 and
 *     2.5E-3 are DOUBLE.
 *   - Parameters: ? (numbered 1, 2, … from left to right) or $1, $2, … (PostgreSQL style); one
 *     statement uses one style.
 *   - Comments: -- to the end of the line, and /* … * / (not nested).
 *   - Statements may end with ';'. A script is several statements separated by ';'.
 *
 * OPERATOR PRECEDENCE (loosest first; all binary operators are left-associative)
 *   OR
 *   AND
 *   NOT
 *   = != <> < <= > >=   IS [NOT] NULL   [NOT] LIKE / ILIKE   [NOT] IN (…)   [NOT] BETWEEN … AND …
 *   ~ ~* !~ !~* (regular-expression match, case-sensitive / -insensitive / negated)
 *   ||            (string concatenation)
 *   + -
 *   * / %
 *   AT TIME ZONE  (x AT TIME ZONE 'Europe/Paris': the wall-clock time there, see docs/sql.md)
 *   - +           (unary sign)
 *   ::type        (cast)
 */
grammar SundialSql;

options { caseInsensitive = true; }

// ============================================================================ entry points

/** One statement, optionally followed by ';'. */
singleStatement
    : statement SEMICOLON? EOF
    ;

/** A script: statements separated by ';' (empty statements are ignored). */
script
    : statement? (SEMICOLON statement?)* EOF
    ;

// ============================================================================ statements

/**
 * EXPLAIN [ANALYZE] statement
 *   EXPLAIN shows the plan: partitions read, rollup level chosen and push-downs.
 *   EXPLAIN ANALYZE runs the statement and adds the measured time and row counts.
 */
statement
    : EXPLAIN ANALYZE? explainable                                          #explainStatement
    | explainable                                                           #plainStatement
    ;

explainable
    : query                                                                 #selectStatement
    /*
     * CREATE [TIMESERIES] TABLE [IF NOT EXISTS] name (column type [TAG], …) [WITH (option = value, …)]
     *   e.g. CREATE TIMESERIES TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, usage DOUBLE)
     *        WITH (partition_by = 'DAY', retention_raw = '30d')
     */
    | CREATE TIMESERIES? TABLE ifNotExists? identifier
      LPAREN columnDefinition (COMMA columnDefinition)* RPAREN
      (WITH optionList)?                                                    #createTable
    /* ALTER TABLE name SET (option = value, …) */
    | ALTER TABLE identifier SET optionList                                 #alterTableSet
    /* ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column type [TAG] */
    | ALTER TABLE identifier ADD COLUMN? ifNotExists? columnDefinition      #alterTableAddColumn
    /* DROP TABLE [IF EXISTS] name */
    | DROP TABLE (IF EXISTS)? identifier                                    #dropTable
    /* SHOW TABLES */
    | SHOW TABLES                                                           #showTables
    /* DESCRIBE name, DESC name, SHOW COLUMNS FROM name: the columns of a table */
    | (DESCRIBE | DESC) identifier                                          #describeTable
    | SHOW COLUMNS FROM identifier                                          #showColumns
    /* INSERT INTO name [(column, …)] VALUES (value, …), (value, …) */
    | INSERT INTO identifier (LPAREN identifier (COMMA identifier)* RPAREN)?
      VALUES valuesRow (COMMA valuesRow)*                                   #insert
    /* DELETE FROM name [WHERE condition]   e.g. DELETE FROM cpu WHERE timestamp < now() - INTERVAL '30 days' */
    | DELETE FROM identifier (WHERE expr)?                                  #delete
    /*
     * CALL maintenance(): runs all pending maintenance (flush, rollups, retention, compaction,
     * tiers) to completion; one row per step done (task, detail, duration_ms).
     */
    | CALL identifier LPAREN RPAREN                                         #call
    /* SHOW MAINTENANCE: what maintenance ran (task, started_at, duration_ms, status, detail), then what is pending */
    | SHOW MAINTENANCE                                                      #showMaintenance
    /*
     * SET name = value, SET name TO value: a session setting, held for the rest of the session
     * (a `sundial sql` script, a shell session). Settings: rollups = on | off (default on:
     * aggregations may read rollup levels). SET name = DEFAULT restores the default.
     */
    | SET settingName (EQ | TO) settingValue                                #setSetting
    /* SHOW name: a session setting's value, e.g. SHOW rollups */
    | SHOW settingName                                                      #showSetting
    ;

/** A setting's name: a plain or quoted name (so SHOW TABLES and SHOW COLUMNS keep their meaning). */
settingName
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    ;

/** A setting's value: a word (off, default), ON, TRUE/FALSE, a string or a number. */
settingValue
    : identifier
    | ON
    | TRUE
    | FALSE
    | STRING_LITERAL
    | (PLUS | MINUS)? (INTEGER_VALUE | DECIMAL_VALUE)
    ;

ifNotExists
    : IF NOT EXISTS
    ;

/**
 * A column: name type [TAG]. TAG marks a tag column (a VARCHAR that identifies the series);
 * "name SYMBOL" (QuestDB's spelling) is the same as "name VARCHAR TAG".
 */
columnDefinition
    : identifier typeName TAG?
    | identifier SYMBOL
    ;

/**
 * Type names. Synonyms: DOUBLE PRECISION = DOUBLE; TIMESTAMP WITH TIME ZONE = TIMESTAMPTZ;
 * TIMESTAMP WITHOUT TIME ZONE = TIMESTAMP; VARCHAR(n) = VARCHAR (the length is not enforced).
 * Which types a column may have is checked when the statement is analyzed (DESIGN: TIMESTAMP,
 * DOUBLE, BIGINT, BOOLEAN, VARCHAR and their synonyms).
 */
typeName
    : DOUBLE PRECISION?
    | VARCHAR (LPAREN INTEGER_VALUE RPAREN)?
    | TIMESTAMP ((WITH | WITHOUT) TIME ZONE)?
    | TIMESTAMPTZ | DATE | INTERVAL
    | FLOAT | FLOAT4 | FLOAT8 | REAL
    | BIGINT | INT8 | INT | INT4 | INTEGER | SMALLINT | INT2
    | BOOLEAN | BOOL
    | TEXT | STRING
    ;

/** (key = value, …): keys are names (dotted names allowed), values strings, numbers, TRUE/FALSE or words. */
optionList
    : LPAREN option (COMMA option)* RPAREN
    ;

option
    : optionKey EQ optionValue
    ;

optionKey
    : identifier (DOT identifier)*
    ;

optionValue
    : STRING_LITERAL
    | (PLUS | MINUS)? (INTEGER_VALUE | DECIMAL_VALUE)
    | TRUE
    | FALSE
    | identifier
    ;

valuesRow
    : LPAREN expr (COMMA expr)* RPAREN
    ;

// ============================================================================ SELECT

/**
 * SELECT [DISTINCT | DISTINCT ON (expr, …)] item, …
 *   [FROM table [[AS] alias] | FROM (SELECT …) [[AS] alias]]
 *   [LATEST BY column, …]          -- also allowed after WHERE; the last row of each combination
 *   [WHERE condition]
 *   [GROUP BY expr, …]             -- names, select-list aliases, ordinals (1, 2, …) or expressions
 *   [HAVING condition]
 *   [WINDOW name AS (window), …]   -- named windows for f(…) OVER name (see windowSpec)
 *   [ORDER BY expr [ASC | DESC] [NULLS FIRST | NULLS LAST], …]
 *   [LIMIT count] [OFFSET skip]    -- in either order
 *
 * e.g. SELECT time_bucket('5m', timestamp) AS t, host, avg(usage) FROM cpu
 *      WHERE timestamp >= now() - INTERVAL '1 hour' AND host IN ('a', 'b')
 *      GROUP BY t, host ORDER BY t
 *      SELECT * FROM cpu LATEST BY host
 */
query
    : SELECT setQuantifier? selectItem (COMMA selectItem)*
      (FROM fromItem)?
      latestBefore=latestBy?
      (WHERE where=expr)?
      latestAfter=latestBy?
      groupBy?
      (HAVING having=expr)?
      windowClause?
      orderBy?
      limitOffset?
    ;

setQuantifier
    : DISTINCT (ON LPAREN expr (COMMA expr)* RPAREN)?
    ;

groupBy
    : GROUP BY expr (COMMA expr)*
    ;

orderBy
    : ORDER BY orderItem (COMMA orderItem)*
    ;

limitOffset
    : LIMIT limit=expr (OFFSET offset=expr)?
    | OFFSET offset=expr (LIMIT limit=expr)?
    ;

selectItem
    : STAR                                                                  #selectAll
    | identifier DOT STAR                                                   #selectAllOf
    | expr (AS aliasName | identifier)?                                     #selectExpr
    ;

/** After AS, any word may be an alias, reserved or not. */
aliasName
    : identifier
    | reservedWord
    ;

/** A table may be qualified by the schema public (PostgreSQL's default, which clients write): public.cpu is cpu. */
fromItem
    : (schema=identifier DOT)? table=identifier (AS? alias=identifier)?     #fromTable
    | LPAREN query RPAREN (AS? identifier)?                                 #fromSubquery
    ;

/** LATEST BY a, b: keep only the newest row (by timestamp) of each combination of a, b. */
latestBy
    : LATEST BY expr (COMMA expr)*
    ;

orderItem
    : expr (ASC | DESC)? (NULLS (FIRST | LAST))?
    ;

// ============================================================================ expressions

expr
    : booleanExpr
    ;

booleanExpr
    : predicate                                                             #booleanDefault
    | NOT booleanExpr                                                       #logicalNot
    | booleanExpr AND booleanExpr                                           #logicalAnd
    | booleanExpr OR booleanExpr                                            #logicalOr
    ;

/** A value followed by any number of comparisons and tests, applied left to right. */
predicate
    : valueExpr predicateSuffix*
    ;

predicateSuffix
    : comparisonOperator valueExpr                                          #comparisonSuffix
    | IS NOT? NULL                                                          #isNullSuffix
    | NOT? (LIKE | ILIKE) valueExpr                                         #likeSuffix
    | NOT? IN LPAREN expr (COMMA expr)* RPAREN                              #inSuffix
    | NOT? BETWEEN valueExpr AND valueExpr                                  #betweenSuffix
    ;

comparisonOperator
    : EQ | NEQ | LTGT | LT | LTE | GT | GTE
    | REGEX_MATCH | REGEX_IMATCH | REGEX_NOT_MATCH | REGEX_NOT_IMATCH
    ;

valueExpr
    : primary                                                               #primaryValue
    | valueExpr CAST_OP typeName                                            #castValue
    | op=(MINUS | PLUS) valueExpr                                           #unaryValue
    /* ts AT TIME ZONE 'Europe/Paris' is timezone('Europe/Paris', ts): binds tighter than * and +, looser than unary minus */
    | valueExpr AT TIME ZONE valueExpr                                      #atTimeZoneValue
    | valueExpr op=(STAR | SLASH | PERCENT) valueExpr                       #multiplicativeValue
    | valueExpr op=(PLUS | MINUS) valueExpr                                 #additiveValue
    | valueExpr CONCAT valueExpr                                            #concatValue
    ;

primary
    : literal                                                               #literalPrimary
    /* INTERVAL '1 hour' (or '1h'), TIMESTAMP '2024-01-01 00:00:00', TIMESTAMPTZ '…', DATE '2024-01-01' */
    | literalType=(INTERVAL | TIMESTAMP | TIMESTAMPTZ | DATE) STRING_LITERAL #typedLiteral
    | QUESTION                                                              #positionalParameter
    | DOLLAR_PARAMETER                                                      #numberedParameter
    | CAST LPAREN expr AS typeName RPAREN                                   #castCall
    /* CASE [operand] WHEN … THEN … [ELSE …] END */
    | CASE operand=expr? whenClause+ (ELSE otherwise=expr)? END             #caseExpression
    /* current_timestamp is now() */
    | CURRENT_TIMESTAMP                                                     #currentTimestamp
    /* EXTRACT(field FROM ts) is date_part('field', ts): EXTRACT(epoch FROM ts), EXTRACT('hour' FROM ts) */
    | EXTRACT LPAREN (identifier | STRING_LITERAL) FROM expr RPAREN          #extractCall
    /*
     * f(a, b), count(*), count(DISTINCT x); an aggregate may be followed by
     *   WITHIN GROUP (ORDER BY v [ASC | DESC])   -- percentile_cont(q) / percentile_disc(q) only
     *   FILTER (WHERE condition)                 -- only the rows where condition is true are aggregated
     *   OVER (window) | OVER name                -- a window function, see windowSpec
     */
    | identifier LPAREN (STAR | DISTINCT? expr (COMMA expr)*)? RPAREN
      withinGroup? filterClause? overClause?                                #functionCall
    | identifier (DOT identifier)?                                          #columnReference
    | LPAREN expr RPAREN                                                    #parenthesized
    ;

/** WITHIN GROUP (ORDER BY v [ASC | DESC]): the ordered input of percentile_cont(q) and percentile_disc(q). */
withinGroup
    : WITHIN GROUP LPAREN ORDER BY orderItem (COMMA orderItem)* RPAREN
    ;

/** FILTER (WHERE condition) after an aggregate (plain or window): only rows where the condition is true count. */
filterClause
    : FILTER LPAREN WHERE expr RPAREN
    ;

/**
 * OVER (window) or OVER name (a window of the query's WINDOW clause): makes the call a window
 * function, computed for every row from the rows of its partition and frame, after GROUP BY and
 * HAVING and before ORDER BY, DISTINCT and LIMIT (docs/sql.md, "Window functions").
 */
overClause
    : OVER (windowName=identifier | windowSpec)
    ;

/**
 * ([base] [PARTITION BY expr, …] [ORDER BY expr [ASC | DESC] [NULLS FIRST | LAST], …] [frame])
 *   base names a window of the WINDOW clause whose PARTITION BY / ORDER BY this one extends.
 * Frames (PostgreSQL's; the default is RANGE UNBOUNDED PRECEDING with ORDER BY — up to the current
 * row and its peers — and the whole partition without):
 *   {ROWS | RANGE} start                  -- start AND CURRENT ROW
 *   {ROWS | RANGE} BETWEEN start AND end
 *   start/end: UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING
 *   ROWS counts rows; RANGE n compares the one ORDER BY value (a number, or a timestamp with
 *   INTERVAL '5 minutes' PRECEDING). GROUPS frames and EXCLUDE are parsed only to be refused.
 */
windowSpec
    : LPAREN baseWindow=identifier?
      (PARTITION BY expr (COMMA expr)*)?
      orderBy?
      frameClause?
      RPAREN
    ;

frameClause
    : frameUnit=(ROWS | RANGE | GROUPS) (BETWEEN frameStart=frameBound AND frameEnd=frameBound | frameStart=frameBound)
      frameExclusion?
    ;

frameBound
    : UNBOUNDED (PRECEDING | FOLLOWING)                                     #unboundedFrameBound
    | CURRENT ROW                                                           #currentRowFrameBound
    | valueExpr (PRECEDING | FOLLOWING)                                     #offsetFrameBound
    ;

frameExclusion
    : EXCLUDE (CURRENT ROW | GROUP | TIES | NO OTHERS)
    ;

/** WINDOW w AS (…), v AS (…): named windows, used as OVER w or as the base of OVER (w ORDER BY …). */
windowClause
    : WINDOW windowDefinition (COMMA windowDefinition)*
    ;

windowDefinition
    : identifier AS windowSpec
    ;

whenClause
    : WHEN condition=expr THEN result=expr
    ;

literal
    : INTEGER_VALUE
    | DECIMAL_VALUE
    | STRING_LITERAL
    | TRUE
    | FALSE
    | NULL
    ;

// ============================================================================ names

identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | nonReserved
    ;

/** Keywords that may also be used as names without quoting. */
nonReserved
    : ADD | ALTER | ANALYZE | AT | CALL | COLUMN | COLUMNS | CREATE | DELETE | DESCRIBE | DROP | EXISTS | EXPLAIN
    | EXTRACT | FIRST | IF | INSERT | INTO | LAST | LATEST | MAINTENANCE | NULLS | PRECISION | SET | SHOW | SYMBOL | TABLE
    | TABLES | TAG | TIME | TIMESERIES | TO | VALUES | WITHOUT | ZONE
    | TIMESTAMP | TIMESTAMPTZ | DATE | INTERVAL | DOUBLE | FLOAT | FLOAT4 | FLOAT8 | REAL | BIGINT
    | INT8 | INT | INT4 | INTEGER | SMALLINT | INT2 | BOOLEAN | BOOL | VARCHAR | TEXT | STRING
    | ROWS | RANGE | GROUPS | UNBOUNDED | PRECEDING | FOLLOWING | CURRENT | ROW | EXCLUDE | TIES | OTHERS | NO
    ;

/** Reserved words: double-quote them to use them as names ("order"), except after AS. */
reservedWord
    : AND | AS | ASC | BETWEEN | BY | CASE | CAST | CURRENT_TIMESTAMP | DESC | DISTINCT | ELSE | END
    | FALSE | FROM | GROUP | HAVING | ILIKE | IN | IS | LIKE | LIMIT | NOT | NULL | OFFSET | ON | OR
    | ORDER | SELECT | THEN | TRUE | WHEN | WHERE | WITH
    | OVER | FILTER | WITHIN | WINDOW | PARTITION
    ;

// ============================================================================ lexer

// Keywords, grouped by role; the order is the order in which error messages list them. Which
// are reserved is decided by the rules `nonReserved` and `reservedWord` above.

// statements
SELECT: 'SELECT';
EXPLAIN: 'EXPLAIN';
ANALYZE: 'ANALYZE';
CREATE: 'CREATE';
ALTER: 'ALTER';
DROP: 'DROP';
INSERT: 'INSERT';
DELETE: 'DELETE';
SHOW: 'SHOW';
DESCRIBE: 'DESCRIBE';
DESC: 'DESC';
CALL: 'CALL';

// clauses, in the order they are written
DISTINCT: 'DISTINCT';
ON: 'ON';
AS: 'AS';
FROM: 'FROM';
WHERE: 'WHERE';
LATEST: 'LATEST';
GROUP: 'GROUP';
BY: 'BY';
HAVING: 'HAVING';
ORDER: 'ORDER';
ASC: 'ASC';
NULLS: 'NULLS';
FIRST: 'FIRST';
LAST: 'LAST';
LIMIT: 'LIMIT';
OFFSET: 'OFFSET';

// data definition and modification
TIMESERIES: 'TIMESERIES';
TABLE: 'TABLE';
TABLES: 'TABLES';
COLUMNS: 'COLUMNS';
IF: 'IF';
EXISTS: 'EXISTS';
WITH: 'WITH';
SET: 'SET';
TO: 'TO';
MAINTENANCE: 'MAINTENANCE';
ADD: 'ADD';
COLUMN: 'COLUMN';
TAG: 'TAG';
SYMBOL: 'SYMBOL';
INTO: 'INTO';
VALUES: 'VALUES';

// expressions
AND: 'AND';
OR: 'OR';
NOT: 'NOT';
IS: 'IS';
NULL: 'NULL';
IN: 'IN';
LIKE: 'LIKE';
ILIKE: 'ILIKE';
BETWEEN: 'BETWEEN';
TRUE: 'TRUE';
FALSE: 'FALSE';
CAST: 'CAST';
CASE: 'CASE';
WHEN: 'WHEN';
THEN: 'THEN';
ELSE: 'ELSE';
END: 'END';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP';
EXTRACT: 'EXTRACT';
AT: 'AT';

// window functions and aggregate-call syntax (OVER, FILTER, WITHIN, WINDOW and PARTITION are
// reserved, as in PostgreSQL, so that avg(x) OVER (…) never reads OVER as an alias)
OVER: 'OVER';
FILTER: 'FILTER';
WITHIN: 'WITHIN';
WINDOW: 'WINDOW';
PARTITION: 'PARTITION';
ROWS: 'ROWS';
RANGE: 'RANGE';
GROUPS: 'GROUPS';
UNBOUNDED: 'UNBOUNDED';
PRECEDING: 'PRECEDING';
FOLLOWING: 'FOLLOWING';
CURRENT: 'CURRENT';
ROW: 'ROW';
EXCLUDE: 'EXCLUDE';
TIES: 'TIES';
OTHERS: 'OTHERS';
NO: 'NO';

// parts of type names
PRECISION: 'PRECISION';
WITHOUT: 'WITHOUT';
TIME: 'TIME';
ZONE: 'ZONE';

// type names (non-reserved)
TIMESTAMP: 'TIMESTAMP';
TIMESTAMPTZ: 'TIMESTAMPTZ';
DATE: 'DATE';
INTERVAL: 'INTERVAL';
DOUBLE: 'DOUBLE';
FLOAT: 'FLOAT';
FLOAT4: 'FLOAT4';
FLOAT8: 'FLOAT8';
REAL: 'REAL';
BIGINT: 'BIGINT';
INT8: 'INT8';
INT: 'INT';
INT4: 'INT4';
INTEGER: 'INTEGER';
SMALLINT: 'SMALLINT';
INT2: 'INT2';
BOOLEAN: 'BOOLEAN';
BOOL: 'BOOL';
VARCHAR: 'VARCHAR';
TEXT: 'TEXT';
STRING: 'STRING';

// operators and punctuation
EQ: '=';
NEQ: '!=';
LTGT: '<>';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
REGEX_MATCH: '~';
REGEX_IMATCH: '~*';
REGEX_NOT_MATCH: '!~';
REGEX_NOT_IMATCH: '!~*';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
CONCAT: '||';
CAST_OP: '::';
LPAREN: '(';
RPAREN: ')';
COMMA: ',';
DOT: '.';
SEMICOLON: ';';
QUESTION: '?';

DOLLAR_PARAMETER
    : '$' DIGIT+
    ;

STRING_LITERAL
    : '\'' (~'\'' | '\'\'')* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_' | '$')*
    ;

QUOTED_IDENTIFIER
    : '"' (~'"' | '""')* '"'
    ;

LINE_COMMENT
    : '--' ~[\r\n]* -> skip
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> skip
    ;

WHITESPACE
    : [ \t\r\n\f]+ -> skip
    ;

// Malformed input becomes tokens that no parser rule accepts, so that the parser reports it at
// the right place with a clear reason (a terminated string is longer, so it wins over these).
UNTERMINATED_STRING
    : '\'' (~'\'' | '\'\'')*
    ;

UNTERMINATED_QUOTED_IDENTIFIER
    : '"' (~'"' | '""')*
    ;

UNTERMINATED_COMMENT
    : '/*' (~'*' | '*'+ ~[*/])* '*'*
    ;

UNEXPECTED_CHARACTER
    : .
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [a-z] | [\p{L}]
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;
