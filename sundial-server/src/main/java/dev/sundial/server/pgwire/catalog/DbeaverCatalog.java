package dev.sundial.server.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers to DBeaver's navigator queries of tables and columns (its {@code PostgreSchema}
 * table cache), recognized by {@link ClientQueries}: {@code SELECT c.oid, c.*, d.description, …
 * FROM pg_class c LEFT OUTER JOIN pg_description d … WHERE c.relnamespace = $1 AND c.relkind NOT IN
 * (…)} and {@code SELECT c.relname, a.*, … FROM pg_attribute a INNER JOIN pg_class c ON (a.attrelid
 * = c.oid) LEFT OUTER JOIN pg_attrdef ad … WHERE NOT a.attisdropped AND … AND c.oid = $1}, and
 * its data types ({@code SELECT t.oid, t.*, c.relkind, … FROM pg_type t LEFT OUTER JOIN …}).
 *
 * <p>Their extra select items read catalogs Sundial has no rows in (comments, defaults,
 * dependencies, partitioning: {@code pg_get_expr(c.relpartbound, c.oid)} of a table that is no
 * partition, {@code pg_get_partkeydef} of one that is not partitioned): each is NULL, and an item or
 * condition this class does not know is refused rather than guessed. Stateless and thread-safe.
 */
final class DbeaverCatalog {
    private DbeaverCatalog() {
    }

    /** Select items that are NULL for every Sundial table, with the name of their result column. */
    private static final List<Pattern> NULL_ITEMS = List.of(
            Pattern.compile("pg_catalog\\.pg_get_expr\\(c\\.relpartbound, c\\.oid\\) as (partition_expr)"),
            Pattern.compile("pg_catalog\\.pg_get_partkeydef\\(c\\.oid\\) as (partition_key)"),
            Pattern.compile("\\(select array_agg\\(i\\.inhparent\\) from pg_catalog\\.pg_inherits i where i\\.inhrelid = c\\.oid\\)"
                    + " (parents)"),
            Pattern.compile("pg_catalog\\.pg_get_expr\\(ad\\.adbin, ad\\.adrelid(?:, true)?\\) as (def_value)"),
            Pattern.compile("(?:d|dsc)\\.(description)"),
            Pattern.compile("dep\\.(objid|refobjsubid)"));

    private static final String ARG = "(\\$\\d+|'?\\d+'?)";
    private static final Pattern NAMESPACE = Pattern.compile("c\\.relnamespace = " + ARG);
    private static final Pattern OID = Pattern.compile("c\\.oid = " + ARG);
    private static final Pattern RELNAME = Pattern.compile("(?:c\\.)?relname = (\\$\\d+|'(?:[^']|'')*')");
    private static final Pattern KINDS = Pattern.compile("c\\.relkind not in \\(([^)]*)\\)");

    /** Which tables a WHERE asks for: those of a schema, of an OID, of a name; null values match nothing. */
    private record Filter(boolean tables, boolean schemaGiven, Long schema, boolean oidGiven, Long oid, boolean nameGiven, String name) {
        boolean test(Catalog.Rel r) {
            return tables && (!schemaGiven || schema != null && schema == Catalog.PUBLIC) && (!oidGiven || oid != null && oid == r.oid())
                    && (!nameGiven || r.name().equals(name));
        }
    }

    /** The tables of a schema: OID, every pg_class column, then the NULL items. */
    static CatalogResult tables(ClientQueries.Ask a) {
        List<String> extra = nullItems(a.m().group(1), "DBeaver's table list");
        Filter f = filter(a.m().group(2), a.params(), List.of());
        Relation pgClass = a.c().pgClass();
        List<CatalogResult.Column> cols = new ArrayList<>();
        cols.add(new CatalogResult.Column("oid", PgType.OID));
        cols.addAll(pgClass.columns());
        for (String e : extra) {
            cols.add(new CatalogResult.Column(e, PgType.TEXT));
        }
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < a.c().tables().size(); i++) {
            Catalog.Rel r = a.c().tables().get(i);
            if (f.test(r)) {
                List<Object> row = new ArrayList<>();
                row.add(r.oid());
                row.addAll(java.util.Arrays.asList(pgClass.rows().get(i)));
                for (int k = 0; k < extra.size(); k++) {
                    row.add(null);
                }
                rows.add(row.toArray());
            }
        }
        return new CatalogResult(cols, rows);
    }

    /** The columns of a table or of a schema's tables: relname, every pg_attribute column, then the NULL items. */
    static CatalogResult columns(ClientQueries.Ask a) {
        List<String> extra = nullItems(a.m().group(1), "DBeaver's column list");
        Filter f = filter(a.m().group(3), a.params(), List.of("not a.attisdropped", "a.attnum > 0"));
        Relation pgAttribute = a.c().pgAttribute();
        List<CatalogResult.Column> cols = new ArrayList<>();
        cols.add(new CatalogResult.Column("relname", PgType.NAME));
        cols.addAll(pgAttribute.columns());
        for (String e : extra) {
            cols.add(new CatalogResult.Column(e, PgType.TEXT));
        }
        int attrelid = pgAttribute.index("attrelid");
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Rel r : a.c().tables()) { // by name, then attnum: the order of both of DBeaver's ORDER BYs
            if (!f.test(r)) {
                continue;
            }
            for (Object[] at : pgAttribute.rows()) {
                if (((Number) at[attrelid]).longValue() == r.oid()) {
                    List<Object> row = new ArrayList<>();
                    row.add(r.name());
                    row.addAll(java.util.Arrays.asList(at));
                    for (int k = 0; k < extra.size(); k++) {
                        row.add(null);
                    }
                    rows.add(row.toArray());
                }
            }
        }
        return new CatalogResult(cols, rows);
    }

    private static final Pattern TYPE_NAMESPACE = Pattern.compile("(?:t\\.)?typnamespace = " + ARG);
    private static final Pattern TYPE_OID = Pattern.compile("t\\.oid = " + ARG);

    /**
     * The data types of a schema or of an OID: OID, every pg_type column, then relkind (no type is a
     * table's row type), base_type_name (no type is a domain) and description, all NULL. Every
     * Sundial type passes DBeaver's conditions on the composite and element types.
     */
    static CatalogResult types(ClientQueries.Ask a) {
        Long namespace = null;
        Long oid = null;
        boolean namespaceGiven = false;
        boolean oidGiven = false;
        for (String cond : a.m().group(1).split(" and ")) {
            Matcher m;
            if (cond.equals("t.typname is not null") || cond.equals("(c.relkind is null or c.relkind = 'c')")
                    || cond.equals("(et.typcategory is null or et.typcategory <> 'C')")) {
                continue; // true of every Sundial type: none is a row type or an array of one
            } else if ((m = TYPE_NAMESPACE.matcher(cond)).matches()) {
                namespaceGiven = true;
                namespace = number(ClientQueries.arg(quote(m.group(1)), a.params()));
            } else if ((m = TYPE_OID.matcher(cond)).matches()) {
                oidGiven = true;
                oid = number(ClientQueries.arg(quote(m.group(1)), a.params()));
            } else {
                throw new UnsupportedCatalogQuery("cannot answer DBeaver's type list [condition=" + cond + "]: not one Sundial knows");
            }
        }
        Relation pgType = Catalog.pgType();
        List<CatalogResult.Column> cols = new ArrayList<>();
        cols.add(new CatalogResult.Column("oid", PgType.OID));
        cols.addAll(pgType.columns());
        cols.add(new CatalogResult.Column("relkind", PgType.CHAR));
        cols.add(new CatalogResult.Column("base_type_name", PgType.TEXT));
        cols.add(new CatalogResult.Column("description", PgType.TEXT));
        int oidIndex = pgType.index("oid");
        int nsIndex = pgType.index("typnamespace");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] t : pgType.rows()) {
            long typeOid = ((Number) t[oidIndex]).longValue();
            long typeNs = ((Number) t[nsIndex]).longValue();
            if ((namespaceGiven && (namespace == null || namespace != typeNs)) || (oidGiven && (oid == null || oid != typeOid))) {
                continue;
            }
            List<Object> row = new ArrayList<>();
            row.add(typeOid);
            row.addAll(java.util.Arrays.asList(t));
            row.add(null);
            row.add(null);
            row.add(null);
            rows.add(row.toArray());
        }
        rows.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        return new CatalogResult(cols, rows);
    }

    /** The names of the extra select items, each one of {@link #NULL_ITEMS}; refused otherwise. */
    private static List<String> nullItems(String items, String what) {
        List<String> names = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            return names;
        }
        for (String item : splitTopLevel(items)) {
            String name = null;
            for (Pattern p : NULL_ITEMS) {
                Matcher m = p.matcher(item);
                if (m.matches()) {
                    name = m.group(1);
                    break;
                }
            }
            if (name == null) {
                throw new UnsupportedCatalogQuery("cannot answer " + what + " [item=" + item + "]: not one Sundial knows");
            }
            names.add(name);
        }
        return names;
    }

    /** The WHERE's conditions: each one Sundial answers, or the query is refused. */
    private static Filter filter(String where, Object[] params, List<String> alwaysTrue) {
        boolean schemaGiven = false;
        boolean oidGiven = false;
        boolean nameGiven = false;
        Long schema = null;
        Long oid = null;
        String name = null;
        boolean tables = true;
        for (String cond : where.split(" and ")) {
            Matcher m;
            if (alwaysTrue.contains(cond)) {
                continue; // no column is dropped, and every one is a user column
            } else if ((m = KINDS.matcher(cond)).matches()) {
                tables = !m.group(1).contains("'r'");
            } else if ((m = NAMESPACE.matcher(cond)).matches()) {
                schemaGiven = true;
                schema = number(ClientQueries.arg(quote(m.group(1)), params));
            } else if ((m = OID.matcher(cond)).matches()) {
                oidGiven = true;
                oid = number(ClientQueries.arg(quote(m.group(1)), params));
            } else if ((m = RELNAME.matcher(cond)).matches()) {
                nameGiven = true;
                name = ClientQueries.arg(m.group(1), params);
            } else {
                throw new UnsupportedCatalogQuery("cannot answer DBeaver's catalog query [condition=" + cond + "]: not one Sundial knows");
            }
        }
        return new Filter(tables, schemaGiven, schema, oidGiven, oid, nameGiven, name);
    }

    /** The comma-separated items of a normalized select list, split outside parentheses and literals. */
    static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char ch = list.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                out.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(list.substring(start).strip());
        return out;
    }

    /** A bare number as the literal {@link ClientQueries#arg} reads. */
    private static String quote(String v) {
        return v.startsWith("$") || v.startsWith("'") ? v : "'" + v + "'";
    }

    private static Long number(String v) {
        try {
            return v == null ? null : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
