/**
 * API tokens of the server: {@link dev.sundial.server.auth.TokenStore} (the token file
 * {@code auth/tokens.sdtk}, its secrets and their constant-time check), {@link dev.sundial.server.auth.Token}
 * and the nested {@link dev.sundial.server.auth.Scope}s {@code read ⊆ write ⊆ admin}. The HTTP
 * layer decides which scope a request needs ({@code docs/auth.md}); this package knows no HTTP.
 * {@code sundial token} (in the CLI) uses the same store, without opening the database, so that it
 * works beside a running server. The pgwire users ({@link dev.sundial.server.auth.UserStore},
 * {@code auth/users.sduser}) are kept the same way: both stores read, re-read and write their file
 * through one {@code ReloadingAuthFile}.
 */
package dev.sundial.server.auth;
