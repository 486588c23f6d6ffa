# Prints what zsh's completion offers for a command line, one match a line, by typing it and TAB
# into an interactive zsh in a pseudo-terminal (zsh/zpty), with compadd wrapped to print its
# matches. Usage: zsh -f zsh_complete.zsh FPATH_DIR 'command line'
# FPATH_DIR holds _kep and comes first in PATH and fpath.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PATH=$1:\$PATH; fpath=($1 \$fpath); PROMPT=; RPROMPT="
zpty -w z 'autoload -U compinit && compinit -u -D'
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
# The markers are built at run time, so that the echo of these lines does not contain them.
zpty -w z 'hit=$(printf "\x3chit\x3e"); end=$(printf "\x3cend\x3e")'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits; builtin compadd -A __hits "$@"; local ret=$?
  (( $#__hits )) && print -r -l -- $hit${^__hits}
  builtin compadd -Q -U ""; return $ret
}'
zpty -w z 'finish () { print $end; exit }; comppostfuncs=(finish)'
zpty -n -w z "$2"$'\t'
while zpty -r z line; do
  [[ $line == *'<end>'* ]] && break
  [[ $line == *'<hit>'* ]] && print -r -- "${${line#*<hit>}%$'\r'}"
done
zpty -d z
