package dev.sundial;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SQL session: statements run one after another with settings that hold until changed
 * ({@code SET rollups = off}) or until the session is dropped. {@code sundial sql} uses one per
 * invocation (a whole script), {@code sundial shell} one per shell; embedded code gets one from
 * {@link Sundial#session()}. {@link Sundial#sql} and {@link Sundial#prepare} run in the database's
 * default session, whose settings are fixed at their defaults (it is shared by every thread, so a
 * {@code SET} there would change other callers' statements: it is an error instead).
 *
 * <p>Settings ({@link #SETTINGS}):
 * <ul>
 *   <li>{@code rollups} — {@code on} (default): aggregations may read rollup levels; {@code off}:
 *       they read raw data only (to compare, or to rule rollups out).</li>
 *   <li>{@code timezone} — {@code UTC} (default): the zone timestamps print in and text timestamps
 *       without an offset are read in, {@code date_trunc} and {@code extract} follow. The SQL
 *       engine reads zone names as PostgreSQL does ({@code SET timezone = 'Europe/Paris'}) and
 *       calls {@link #setTimeZone}; {@link #set} does not take it.</li>
 * </ul>
 * A prepared statement reads the settings of its session when it executes, not when prepared.
 *
 * <p>Thread-safe (settings are volatile), though a session is meant for one user's statements in order.
 */
public final class Session {
    /** The settings {@code SET} and {@code SHOW} know. */
    public static final List<String> SETTINGS = List.of("rollups", "timezone");

    private final Sundial db;
    private final boolean fixed;
    private volatile boolean rollups = true;
    /** The session zone and its name as SHOW gives it back; one object so that a reader sees a matching pair. */
    private volatile SessionZone zone = SessionZone.UTC;
    /** How many times {@link #cancelRunning} was called: a statement notes it when it starts ({@link #cancelCount}). */
    private final AtomicLong cancels = new AtomicLong();

    Session(Sundial db, boolean fixed) {
        this.db = db;
        this.fixed = fixed;
    }

    public Sundial database() {
        return db;
    }

    /** Runs one statement in this session; see {@link Sundial#sql}. */
    public QueryResult sql(String sql, Object... params) {
        return prepare(sql).execute(params);
    }

    /** Parses and analyzes a statement once, to run many times in this session. */
    public PreparedQuery prepare(String sql) {
        return db.prepareIn(this, sql);
    }

    /** Whether aggregations may read rollup levels ({@code SET rollups = on|off}; default on). */
    public boolean rollupsEnabled() {
        return rollups;
    }

    /** The session's time zone ({@code SET timezone}; default UTC). */
    public ZoneId timeZone() {
        return zone.zone();
    }

    /**
     * Whether a time zone other than UTC is set: then timestamps print with their offset. A zone
     * fixed at +00 ({@code SET timezone = 'UTC'}) is the default again.
     */
    public boolean hasTimeZone() {
        java.time.zone.ZoneRules r = zone.zone().getRules();
        return !(r.isFixedOffset() && r.getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0);
    }

    /**
     * Sets the session's time zone; {@code name} is what {@code SHOW timezone} gives back. A null
     * zone restores the default, UTC.
     *
     * @throws IllegalArgumentException in the default session of {@link Sundial#sql}
     */
    public void setTimeZone(ZoneId zone, String name) {
        if (fixed) {
            set("timezone", name); // refuses, with the message of every setting
        }
        this.zone = zone == null ? SessionZone.UTC : new SessionZone(zone, name);
    }

    /** A zone and the name it was set by. */
    private record SessionZone(ZoneId zone, String name) {
        static final SessionZone UTC = new SessionZone(ZoneOffset.UTC, "UTC");
    }

    /**
     * Sets a setting from its SQL text ({@code default} restores the default value).
     *
     * @throws IllegalArgumentException unknown setting, bad value, or this is the default session
     */
    public void set(String name, String value) {
        String key = known(name);
        if (fixed) {
            throw new IllegalArgumentException("cannot set " + key + " here: Sundial.sql runs each statement with the default "
                    + "settings; use a session (Sundial.session(), sundial sql, sundial shell) for settings that hold across statements");
        }
        String v = value.toLowerCase(Locale.ROOT);
        switch (key) {
            case "rollups" -> rollups = switch (v) {
                case "on", "true", "default" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException("cannot set rollups to '" + value + "': use on or off");
            };
            case "timezone" -> {
                if (!v.equals("default")) {
                    throw new IllegalArgumentException("cannot set timezone with Session.set: use setTimeZone, or SQL"
                            + " (SET timezone = 'Europe/Paris'), which reads zone names as PostgreSQL does");
                }
                zone = SessionZone.UTC;
            }
            default -> throw new IllegalStateException("BUG: setting " + key + " is listed but not handled");
        }
    }

    /** A setting's value as SQL text ({@code on}/{@code off}). */
    public String show(String name) {
        String key = known(name);
        return switch (key) {
            case "rollups" -> rollups ? "on" : "off";
            case "timezone" -> zone.name();
            default -> throw new IllegalStateException("BUG: setting " + key + " is listed but not handled");
        };
    }

    /**
     * Cancels the statements of this session that are running now: each stops at its next check
     * (once per batch of rows) with "canceling statement due to user request". Statements started
     * afterwards are not affected, so a cancel that arrives when nothing runs does nothing. Called
     * from another thread than the one running the statement (a pgwire CancelRequest). Statements
     * that do not read rows in batches (DDL, INSERT, DELETE) are not interrupted.
     *
     * @throws IllegalStateException in the default session of {@link Sundial#sql}, which every
     *                               thread shares: a cancel there would stop other callers' statements
     */
    public void cancelRunning() {
        if (fixed) {
            throw new IllegalStateException("cannot cancel statements of the default session: it is shared by every caller of"
                    + " Sundial.sql; run cancellable statements in a session of their own (Sundial.session())");
        }
        cancels.incrementAndGet();
    }

    /**
     * How many times {@link #cancelRunning} has been called. A statement reads it when it starts and
     * stops once it changes (the SQL engine's {@code QueryContext} does, once per batch).
     */
    public long cancelCount() {
        return cancels.get();
    }

    private static String known(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!SETTINGS.contains(key)) {
            throw new IllegalArgumentException("cannot use setting \"" + name + "\": no such setting; the settings are "
                    + String.join(", ", SETTINGS));
        }
        return key;
    }
}
