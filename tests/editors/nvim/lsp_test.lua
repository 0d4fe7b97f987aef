-- Headless Neovim end-to-end test of `mandate-lint lsp`, written for Neovim 0.7
-- (Debian bookworm): vim.lsp.start_client + buf_attach_client, which later
-- versions still support. Opens the fixture draft, waits for diagnostics and checks
-- their codes and lines. Exits non-zero on any failure.
--
-- Run: nvim --headless -u NONE -c "luafile tests/editors/nvim/lsp_test.lua"
-- Env: MANDATE_LINT_BIN (default: target/debug/mandate-lint from the repo root).

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function main()
  local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  local repo = vim.fn.fnamemodify(here, ':h:h:h')
  local bin = os.getenv('MANDATE_LINT_BIN') or (repo .. '/target/debug/mandate-lint')
  if vim.fn.executable(bin) ~= 1 then
    return fail('server binary not found: ' .. bin .. ' (run cargo build or set MANDATE_LINT_BIN)')
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(here .. '/fixture.draft.txt'))
  local bufnr = vim.api.nvim_get_current_buf()

  local client_id = vim.lsp.start_client({
    name = 'mandate-lint',
    cmd = { bin, 'lsp' },
    root_dir = here,
    init_options = { debounceMs = 0 },
  })
  if not client_id then
    return fail('could not start the server')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local ok = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  if not ok then
    return fail('no diagnostics within 20 s')
  end

  -- Expected lines, found independently of the server (1-based in the buffer).
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local placeholder_line, placeholder_col
  for i, line in ipairs(lines) do
    local col = line:find('XXXX', 1, true)
    if col then
      placeholder_line, placeholder_col = i - 1, col - 1
    end
  end

  local by_code = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code then
      by_code[code] = by_code[code] or {}
      table.insert(by_code[code], d)
    end
  end

  local res010 = by_code['RES010']
  if not res010 then
    return fail('RES010 (placeholder) not reported; got ' .. vim.inspect(vim.tbl_keys(by_code)))
  end
  if res010[1].lnum ~= placeholder_line then
    return fail(('RES010 on line %d, expected %d'):format(res010[1].lnum, placeholder_line))
  end
  -- Neovim 0.7 negotiates UTF-16 and converts columns to bytes for the buffer.
  if res010[1].col ~= placeholder_col then
    return fail(('RES010 at byte column %d, expected %d'):format(res010[1].col, placeholder_col))
  end
  if not by_code['DSR006'] then
    return fail('DSR006 (no civilian oversight) not reported; got ' .. vim.inspect(vim.tbl_keys(by_code)))
  end

  io.stdout:write(('ok: %d diagnostics, RES010 at %d:%d, DSR006 present\n'):format(
    #vim.diagnostic.get(bufnr), placeholder_line + 1, placeholder_col + 1))
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  vim.cmd('qall!')
end

local ok, err = pcall(main)
if not ok then
  fail(tostring(err))
end
