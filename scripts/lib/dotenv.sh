# shellcheck shell=bash
# load_dotenv FILE: export each KEY=value line of FILE whose KEY is not already set, so a variable
# set in the environment (`TWILIO_AUTH_TOKEN=x make run`) wins over .env, which only fills gaps.
# The file is read as data, never run: no command substitution or expansion; one pair of
# surrounding quotes is removed; blank lines, comments and malformed lines are skipped.
load_dotenv() {
  local _file=$1 _line _key _value
  [ -f "$_file" ] || return 0
  while IFS= read -r _line || [ -n "$_line" ]; do
    _line=${_line%$'\r'}
    case "$_line" in '' | '#'*) continue ;; esac
    _line=${_line#export }
    _key=${_line%%=*}
    [[ $_line == *=* && $_key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    [ -n "${!_key+set}" ] && continue
    _value=${_line#*=}
    if [[ ${#_value} -ge 2 && ( $_value == \"*\" || $_value == \'*\' ) && ${_value:0:1} == "${_value: -1}" ]]; then
      _value=${_value:1:${#_value}-2}
    fi
    export "$_key=$_value"
  done <"$_file"
}
