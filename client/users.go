package client

import (
	"context"
	"errors"
	"fmt"
)

// errNoUsersURL is returned by Login and Refresh when Config.UsersURL is empty.
var errNoUsersURL = errors.New("no users service URL is configured: set the users URL to log in")

// Login calls POST {users_url}/users/tokens/issue and keeps the tokens.
func (s *UsersService) Login(ctx context.Context, username, password string) (Tokens, error) {
	c := s.client
	if c.usersURL == "" {
		return Tokens{}, errNoUsersURL
	}
	if username == "" {
		return Tokens{}, errors.New("the username is empty: enter the username of the users service")
	}

	var out tokensJSON
	err := c.do(ctx, call{
		method:  "POST",
		url:     c.usersURL + "/users/tokens/issue",
		body:    map[string]string{"username": username, "password": password},
		result:  &out,
		noAuth:  true,
		secrets: []string{password},
	})
	if err != nil {
		return Tokens{}, err
	}

	return c.keepTokens(out)
}

// Refresh calls POST {users_url}/users/tokens/refresh with the refresh token
// as bearer, and keeps the new tokens.
func (s *UsersService) Refresh(ctx context.Context) (Tokens, error) {
	c := s.client
	if c.usersURL == "" {
		return Tokens{}, errNoUsersURL
	}

	refresh := c.Tokens().RefreshToken
	if refresh == "" {
		return Tokens{}, errors.New("no refresh token is known: log in again")
	}

	var out tokensJSON
	err := c.do(ctx, call{
		method: "POST",
		url:    c.usersURL + "/users/tokens/refresh",
		bearer: refresh,
		result: &out,
	})
	if err != nil {
		return Tokens{}, err
	}

	return c.keepTokens(out)
}

// keepTokens stores a new pair and hands it to Config.OnTokens. A pair
// without a refresh token keeps the old refresh token, as some services
// rotate only the access token.
func (c *Client) keepTokens(out tokensJSON) (Tokens, error) {
	if out.AccessToken == "" {
		return Tokens{}, fmt.Errorf("the users service responded without an access token")
	}
	if err := checkTokenText("access", string(out.AccessToken)); err != nil {
		return Tokens{}, err
	}
	if err := checkTokenText("refresh", string(out.RefreshToken)); err != nil {
		return Tokens{}, err
	}

	c.mu.Lock()
	c.token = string(out.AccessToken)
	if out.RefreshToken != "" {
		c.refreshToken = string(out.RefreshToken)
	}
	tokens := Tokens{AccessToken: c.token, RefreshToken: c.refreshToken}
	c.mu.Unlock()

	if c.onTokens != nil {
		c.onTokens(tokens)
	}

	return tokens, nil
}

// refreshAfter refreshes the tokens after a 401 on a call sent with
// usedToken. Concurrent callers share one refresh, and a caller whose token
// was already replaced by another refresh simply retries with the new one.
func (c *Client) refreshAfter(ctx context.Context, usedToken string) error {
	if c.Tokens().AccessToken != usedToken {
		return nil
	}

	_, err, _ := c.refreshGroup.Do("refresh", func() (any, error) {
		if c.Tokens().AccessToken != usedToken {
			return nil, nil
		}
		return c.Users.Refresh(ctx)
	})

	return err
}

// checkTokenText rejects a token with a byte outside printable ASCII or a
// space. A bearer token (RFC 6750 b64token) has none, and a line break in
// one would split the Authorization header or the stored token file. The
// error never contains the token.
func checkTokenText(kind, token string) error {
	for i := 0; i < len(token); i++ {
		if b := token[i]; b <= ' ' || b >= 0x7f {
			return fmt.Errorf("%w: the users service returned a %s token with byte 0x%02x at position %d, which a bearer token cannot contain; the tokens were not kept, so check the users service",
				ErrInvalidResponse, kind, b, i)
		}
	}
	return nil
}
