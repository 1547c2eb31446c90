/*
 * The SQL dialect of Sundial: a PostgreSQL-flavoured subset with time-series extensions.
 * This file is the reference for users; every construct below is documented where it is defined.
 *
 * LEXICAL RULES
 *   - Keywords are case-insensitive: SELECT, select and Select are the same word.
 *   - Unquoted names are folded to lower case (Host and host are the same column); "Double Quoted"
 *     names keep their case and may contain any character ("" stands for one ").
 *   - Most keywords may also be used as names where that is unambiguous, so a column may be called
 *     timestamp, time, value, date, interval, first, last, tag, count, … without quoting (the join
 *     words LEFT, RIGHT, FULL, INNER, CROSS, JOIN, ASOF, USING and NATURAL are reserved).
 *     The reserved words, which must be double-quoted to be used as names, are listed in the rule
 *     `reservedWord` at the end of the parser rules.
 *   - Strings are 'single quoted'; '' inside a string stands for one '. E'…' (or e'…') strings
 *     take backslash escapes as in PostgreSQL: \n \t \r \b \f, \\, \', \ooo (octal), \xHH,
 *     \uXXXX, \UXXXXXXXX; any other escaped character stands for itself. U&'…' strings are not supported.
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
 *   = != <> < <= > >=   IS [NOT] NULL   IS [NOT] DISTINCT FROM   [NOT] LIKE / ILIKE [ESCAPE 'c']
 *   [NOT] IN (…)   [NOT] BETWEEN … AND …
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
     * aggregations may read rollup levels); timezone = 'Europe/Paris' (default UTC: the zone
     * timestamps print and are read in, see "Time zones" in docs/sql.md). SET name = DEFAULT
     * restores the default.
     */
    | SET settingName (EQ | TO) settingValue                                #setSetting
    /* SHOW name: a session setting's value, e.g. SHOW rollups */
    | SHOW settingName                                                      #showSetting
    /*
     * SET TIME ZONE zone: PostgreSQL's spelling of SET timezone = zone, where zone is a string
     * ('Europe/Paris', 'UTC', 'UTC+2' — POSIX: two hours WEST of UTC), a number of hours EAST of
     * UTC (-7, 5.5), INTERVAL '+05:30', LOCAL or DEFAULT (both UTC). See "Time zones" in docs/sql.md.
     */
    | SET TIME ZONE timeZoneValue                                           #setTimeZone
    /* SHOW TIME ZONE is SHOW timezone */
    | SHOW TIME ZONE                                                        #showTimeZone
    /* RESET name, RESET TIME ZONE: the setting's default; RESET all: every setting's */
    | RESET (settingName | TIME ZONE | ALL)                                 #resetSetting
    ;

/** The zone of SET TIME ZONE: a string, a signed number of hours, INTERVAL 'offset', LOCAL or DEFAULT (a word). */
timeZoneValue
    : STRING_LITERAL
    | (PLUS | MINUS)? (INTEGER_VALUE | DECIMAL_VALUE)
    | INTERVAL STRING_LITERAL
    | LOCAL
    | identifier
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
 * As a cast target, DATE truncates a TIMESTAMP to its day's midnight (UTC): ts::date, CAST(ts AS DATE).
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
    /* NUMERIC and DECIMAL are DOUBLE (Sundial has no decimal type); NUMERIC(p, s) rounds to s decimals */
    | numericType
    /* TIME [WITH[OUT] TIME ZONE]: parsed so that the analyzer can say that there is no time-of-day type */
    | TIME ((WITH | WITHOUT) TIME ZONE)?
    ;

numericType
    : (NUMERIC | DECIMAL) (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)? RPAREN)?
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
 * A query: [WITH …] one SELECT or several combined by set operations, then ORDER BY / LIMIT /
 * OFFSET of the whole (PostgreSQL's rules; see docs/sql.md, "Query composition").
 *
 *   WITH name [(column, …)] AS (query), …   -- common table expressions (non-recursive): each name
 *                                            -- reads like a table in FROM, shadows a table of the
 *                                            -- same name, and may use the names defined before it
 *   query UNION [ALL | DISTINCT] query       -- rows of both (ALL keeps duplicates)
 *   query INTERSECT [ALL | DISTINCT] query   -- rows in both (binds tighter than UNION and EXCEPT)
 *   query EXCEPT [ALL | DISTINCT] query      -- rows of the first not in the second
 *   (query)                                  -- parentheses group set operations
 *
 * ORDER BY / LIMIT / OFFSET after the last SELECT of a set operation apply to its whole result, by
 * output column name or position: SELECT a FROM x UNION SELECT b FROM y ORDER BY 1 LIMIT 10.
 * WITH RECURSIVE is not supported.
 */
query
    : withClause? queryBody orderBy? limitOffset?
    ;

withClause
    : WITH RECURSIVE? commonTableExpression (COMMA commonTableExpression)*
    ;

/** name [(column, …)] AS (query) */
commonTableExpression
    : identifier (LPAREN identifier (COMMA identifier)* RPAREN)? AS LPAREN query RPAREN
    ;

/** Set operations: UNION and EXCEPT, left to right, over INTERSECT terms. */
queryBody
    : queryTerm                                                                   #queryBodyTerm
    | queryBody setOperator=(UNION | EXCEPT) setQuantity=(ALL | DISTINCT)? queryTerm  #setOperation
    ;

queryTerm
    : queryPrimary                                                                #queryTermPrimary
    | queryTerm INTERSECT setQuantity=(ALL | DISTINCT)? queryPrimary              #intersectOperation
    ;

queryPrimary
    : querySpecification                                                          #queryPrimarySelect
    | LPAREN query RPAREN                                                         #queryPrimaryParenthesized
    ;

/**
 * SELECT [DISTINCT | DISTINCT ON (expr, …)] item, …
 *   [FROM fromClause]               -- a table, a subquery, or joins of them (see fromClause)
 *   [LATEST BY column, …]          -- also allowed after WHERE; the last row of each combination
 *   [WHERE condition]
 *   [GROUP BY expr, …]             -- names, select-list aliases, ordinals (1, 2, …) or expressions
 *   [HAVING condition]
 *   [WINDOW name AS (window), …]   -- named windows for f(…) OVER name (see windowSpec)
 *   [ORDER BY expr [ASC | DESC] [NULLS FIRST | NULLS LAST], …]
 *   [LIMIT count] [OFFSET skip]    -- in either order
 * (ORDER BY, LIMIT and OFFSET are written in the rule `query` above.)
 *
 * e.g. SELECT time_bucket('5m', timestamp) AS t, host, avg(usage) FROM cpu
 *      WHERE timestamp >= now() - INTERVAL '1 hour' AND host IN ('a', 'b')
 *      GROUP BY t, host ORDER BY t
 *      SELECT * FROM cpu LATEST BY host
 */
querySpecification
    : SELECT setQuantifier? selectItem (COMMA selectItem)*
      (FROM fromClause)?
      latestBefore=latestBy?
      (WHERE where=expr)?
      latestAfter=latestBy?
      groupBy?
      (HAVING having=expr)?
      windowClause?
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

/**
 * JOINS
 *   FROM a, b                                   -- a CROSS JOIN b (conditions go in WHERE)
 *   FROM a [INNER] JOIN b ON condition          -- also LEFT | RIGHT | FULL [OUTER] JOIN
 *   FROM a JOIN b USING (host, dc)              -- equal columns, shown once by SELECT *
 *   FROM a CROSS JOIN b
 *   FROM a ASOF [LEFT] JOIN b ON a.sym = b.sym AND a.ts >= b.ts [TOLERANCE INTERVAL '1 second']
 *     for each row of a, the latest row of b at or before it (> for strictly before) among the
 *     rows with equal keys; ASOF JOIN drops a row of a without a match, ASOF LEFT JOIN keeps it
 *     with NULLs (DuckDB's spelling); with TOLERANCE a match older than the interval is no match.
 *     QuestDB's ASOF JOIN b ON (sym) — no time condition — means a.ts >= b.ts on the tables' timestamps.
 *   Joins chain left to right and nest with parentheses: FROM (a JOIN b ON …) LEFT JOIN c USING (x).
 *   Columns are qualified by table name or alias (c.host), c.* selects one side's columns.
 */
fromClause
    : joinedTable (COMMA joinedTable)*
    ;

joinedTable
    : joinSource joinPart*
    ;

joinSource
    : fromItem
    | LPAREN joinedTable RPAREN
    ;

joinPart
    : CROSS JOIN joinSource                                                 #crossJoin
    | NATURAL joinType? JOIN joinSource                                     #naturalJoin
    | joinType? JOIN joinSource joinSpec?                                   #qualifiedJoin
    | ASOF LEFT? JOIN joinSource (ON expr)? (TOLERANCE tolerance=expr)?     #asofJoin
    ;

joinType
    : INNER
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

joinSpec
    : ON expr
    | USING LPAREN identifier (COMMA identifier)* RPAREN
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
    /* a IS DISTINCT FROM b: a <> b where NULL counts as a value (never NULL itself) */
    | IS NOT? DISTINCT FROM valueExpr                                       #distinctFromSuffix
    /* x LIKE p ESCAPE 'c': c escapes % and _ in p instead of backslash (ESCAPE '' turns escaping off) */
    | NOT? (LIKE | ILIKE) valueExpr (ESCAPE escape=valueExpr)?              #likeSuffix
    /* x SIMILAR TO p: parsed only to say that it is not supported (LIKE and ~ are) */
    | NOT? SIMILAR TO valueExpr (ESCAPE valueExpr)?                         #similarToSuffix
    /* x [NOT] IN (SELECT …): the subquery returns one column */
    | NOT? IN LPAREN query RPAREN                                           #inSubquerySuffix
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
    /* SUBSTRING(s FROM start [FOR count]), SUBSTRING(s FOR count [FROM start]); FROM 'regex' takes a match */
    | SUBSTRING LPAREN value=expr (FROM start=expr (FOR count=expr)? | FOR count=expr (FROM start=expr)?) RPAREN #substringCall
    /* POSITION(needle IN text): strpos(text, needle) */
    | POSITION LPAREN needle=valueExpr IN haystack=valueExpr RPAREN           #positionCall
    /* TRIM([LEADING | TRAILING | BOTH] [characters] FROM text), TRIM([LEADING | TRAILING | BOTH] text [, characters]) */
    | TRIM LPAREN side=(LEADING | TRAILING | BOTH)? ((characters=expr)? FROM source=expr | source=expr (COMMA characters=expr)?) RPAREN #trimCall
    /* EXISTS (SELECT …): true when the subquery returns a row */
    | EXISTS LPAREN query RPAREN                                            #existsSubquery
    /* (SELECT …): a scalar subquery, one column and at most one row (NULL when none) */
    | LPAREN query RPAREN                                                   #scalarSubquery
    /*
     * f(a, b), count(*), count(DISTINCT x); an aggregate may be followed by
     *   WITHIN GROUP (ORDER BY v [ASC | DESC])   -- percentile_cont(q) / percentile_disc(q) only
     *   FILTER (WHERE condition)                 -- only the rows where condition is true are aggregated
     *   OVER (window) | OVER name                -- a window function, see windowSpec
     */
    | identifier LPAREN (STAR | DISTINCT? expr (COMMA expr)*)? RPAREN
      withinGroup? filterClause? overClause?                                #functionCall
    /* left(s, n) and right(s, n): the reserved join words are also function names, as in PostgreSQL */
    | fn=(LEFT | RIGHT) LPAREN expr (COMMA expr)* RPAREN                    #leftRightCall
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
    | ESCAPE_STRING_LITERAL
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
    | ESCAPE | SUBSTRING | POSITION | TRIM | LEADING | TRAILING | BOTH | FOR | NUMERIC | DECIMAL | SIMILAR
    | OUTER | TOLERANCE
    | ALL | RECURSIVE
    | LOCAL | RESET
    | ROWS | RANGE | GROUPS | UNBOUNDED | PRECEDING | FOLLOWING | CURRENT | ROW | EXCLUDE | TIES | OTHERS | NO
    ;

/** Reserved words: double-quote them to use them as names ("order"), except after AS. */
reservedWord
    : AND | AS | ASC | BETWEEN | BY | CASE | CAST | CURRENT_TIMESTAMP | DESC | DISTINCT | ELSE | END
    | FALSE | FROM | GROUP | HAVING | ILIKE | IN | IS | LIKE | LIMIT | NOT | NULL | OFFSET | ON | OR
    | ORDER | SELECT | THEN | TRUE | WHEN | WHERE | WITH
    | JOIN | INNER | LEFT | RIGHT | FULL | CROSS | ASOF | USING | NATURAL
    | UNION | INTERSECT | EXCEPT
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

// scalar functions and expression syntax
ESCAPE: 'ESCAPE';
SUBSTRING: 'SUBSTRING';
POSITION: 'POSITION';
TRIM: 'TRIM';
LEADING: 'LEADING';
TRAILING: 'TRAILING';
BOTH: 'BOTH';
FOR: 'FOR';
NUMERIC: 'NUMERIC';
DECIMAL: 'DECIMAL';
SIMILAR: 'SIMILAR';
// joins
JOIN: 'JOIN';
INNER: 'INNER';
LEFT: 'LEFT';
RIGHT: 'RIGHT';
FULL: 'FULL';
OUTER: 'OUTER';
CROSS: 'CROSS';
NATURAL: 'NATURAL';
ASOF: 'ASOF';
USING: 'USING';
TOLERANCE: 'TOLERANCE';
// query composition (WITH, set operations; EXISTS and WITH are declared above)
UNION: 'UNION';
INTERSECT: 'INTERSECT';
EXCEPT: 'EXCEPT';
ALL: 'ALL';
RECURSIVE: 'RECURSIVE';
// time zones
LOCAL: 'LOCAL';
RESET: 'RESET';
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

// E'…': a backslash escapes the next character (so \' does not end the string); longer than the
// identifier E, so it wins over it, while names starting with e (e, events, e1) stay names
ESCAPE_STRING_LITERAL
    : 'E\'' (~['\\] | '\\' . | '\'\'')* '\''
    ;

// U&'…' (PostgreSQL's Unicode escapes): recognized only to say it is not supported
UNICODE_STRING_LITERAL
    : 'U&\'' (~'\'' | '\'\'')* '\''
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

UNTERMINATED_ESCAPE_STRING
    : 'E\'' (~['\\] | '\\' . | '\'\'')* '\\'?
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
