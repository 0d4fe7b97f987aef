-- mandate-lint for Neovim: diagnostics, hover, quick fixes, outline and completion
-- for UN draft resolutions (*.draft.txt, *.draft.md).
--
-- Put this file on your runtimepath (e.g. ~/.config/nvim/lua/mandate-lint.lua) and
-- call require('mandate-lint').setup() from init.lua. Works with Neovim 0.7 and later:
-- uses vim.lsp.config/enable on 0.11+, vim.lsp.start on 0.8+, start_client on 0.7.
local M = {}

local defaults = {
  cmd = { 'mandate-lint', 'lsp' },
  -- Sent as initializationOptions; omit a key to use [lsp] from mandate-lint.toml.
  settings = { severityThreshold = 'info' },
  -- Also check every .txt / .md buffer, not only *.draft.txt / *.draft.md.
  plain_text = false,
  markdown = false,
}

local function root_dir(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local found = vim.fn.findfile('mandate-lint.toml', vim.fn.fnamemodify(path, ':p:h') .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h')
  end
  return vim.fn.fnamemodify(path, ':p:h')
end

function M.setup(opts)
  opts = vim.tbl_deep_extend('force', defaults, opts or {})

  -- Our own filetype, so drafts are not mistaken for ordinary text.
  vim.cmd([[
    augroup mandate_lint_ft
      autocmd!
      autocmd BufRead,BufNewFile *.draft.txt,*.draft.md setfiletype un-draft
    augroup END
  ]])
  local filetypes = { 'un-draft' }
  if opts.plain_text then table.insert(filetypes, 'text') end
  if opts.markdown then table.insert(filetypes, 'markdown') end

  if vim.lsp.config and vim.lsp.enable then -- Neovim 0.11+
    vim.lsp.config('mandate_lint', {
      cmd = opts.cmd,
      filetypes = filetypes,
      root_markers = { 'mandate-lint.toml', '.git' },
      init_options = opts.settings,
    })
    vim.lsp.enable('mandate_lint')
    return
  end

  local group = vim.api.nvim_create_augroup('mandate_lint_lsp', { clear = true })
  local client_id -- 0.7: one client shared by every draft buffer
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = filetypes,
    callback = function(args)
      local config = {
        name = 'mandate-lint',
        cmd = opts.cmd,
        root_dir = root_dir(args.buf),
        init_options = opts.settings,
      }
      if vim.lsp.start then -- Neovim 0.8–0.10: reuses a running client itself
        vim.lsp.start(config, { bufnr = args.buf })
      else -- Neovim 0.7
        if not client_id or not vim.lsp.get_client_by_id(client_id) then
          client_id = vim.lsp.start_client(config)
        end
        if client_id then
          vim.lsp.buf_attach_client(args.buf, client_id)
        end
      end
    end,
  })
end

return M
